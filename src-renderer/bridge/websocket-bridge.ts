import type { CommandName, CommandRequest, CommandResponse, EventName, Events, GlanceBridge } from '../../src-shared/contract';
import { BRIDGE_PATH, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../src-shared/preview-wire';

type Listener = (payload: never) => void;

/**
 * The preview's transport: the same contract over a loopback WebSocket, authenticated by the
 * token the preview printed in the page URL.
 */
export function createWebSocketBridge(token: string): GlanceBridge {
  const listeners = new Map<EventName, Set<Listener>>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const queue: ClientFrame[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retryDelay = 250;

  function emit<K extends EventName>(name: K, payload: Events[K]): void {
    for (const listener of listeners.get(name) ?? []) (listener as (p: Events[K]) => void)(payload);
  }

  function connect(): void {
    const url = new URL(BRIDGE_PATH, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({ token }).toString();
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryDelay = 250;
      for (const frame of queue.splice(0)) ws.send(encodeClientFrame(frame));
    };
    ws.onmessage = (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        console.error('bridge: dropped a frame that is not JSON');
        return;
      }
      if (frame.t === 'reply') {
        const call = pending.get(frame.id);
        pending.delete(frame.id);
        if (!call) return;
        if (frame.ok) call.resolve(frame.value);
        else call.reject(new Error(frame.error));
      } else if (frame.t === 'event') {
        emit(frame.name, frame.payload as never);
      }
    };
    ws.onclose = () => {
      socket = undefined;
      // Calls in flight cannot be answered by a new connection: fail them so nothing hangs.
      for (const call of pending.values()) call.reject(new Error('The connection to Glance was lost'));
      pending.clear();
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    };
  }

  // In the preview the page's own focus and blur stand in for the window's (docs/architecture.md).
  window.addEventListener('focus', () => emit('windowFocus', true));
  window.addEventListener('blur', () => emit('windowFocus', false));

  connect();

  return {
    invoke<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
      const frame: ClientFrame = { t: 'call', id: nextId++, name, request };
      return new Promise((resolve, reject) => {
        pending.set(frame.id, { resolve: resolve as (v: unknown) => void, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(encodeClientFrame(frame));
        else queue.push(frame);
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}
