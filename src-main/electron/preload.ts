import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type EventName, type GlanceBridge } from '../../src-shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

// The renderer gets exactly the contract's two functions: no ipcRenderer, no Node, no way to
// name a channel of its own.
const bridge: GlanceBridge = {
  invoke: (name, request) => ipcRenderer.invoke(INVOKE_CHANNEL, name, request),
  on(name, listener) {
    const wrapped = (_event: IpcRendererEvent, eventName: EventName, payload: unknown) => {
      if (eventName === name) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.off(EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
