import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName, Events } from '../../src-shared/contract';
import { dispatchCommand } from '../core/dispatch';
import type { GlanceCore } from '../core/glance-core';
import { APP_ORIGIN, EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const FORWARDED_EVENTS: EventName[] = ['snapshot', 'messages', 'statuses', 'readPoints'];

/** Wires the contract to Electron IPC for one window. */
export function connectIpc(core: GlanceCore, getWindow: () => BrowserWindow | undefined): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, name: unknown, request: unknown) => {
    // Only our own page in our own window may command the core (a frame or a navigated page may not).
    if (!isTrustedSender(event, getWindow())) throw new Error('Refused: untrusted sender');
    return dispatchCommand(core, name, request);
  });
  for (const name of FORWARDED_EVENTS) {
    core.on(name, (payload: Events[typeof name]) => getWindow()?.webContents.send(EVENT_CHANNEL, name, payload));
  }
}

/** Sends the window focus changes the read rules depend on. */
export function forwardFocus(window: BrowserWindow): void {
  window.on('focus', () => window.webContents.send(EVENT_CHANNEL, 'windowFocus', true));
  window.on('blur', () => window.webContents.send(EVENT_CHANNEL, 'windowFocus', false));
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | undefined): boolean {
  const frame = event.senderFrame;
  if (!window || !frame || event.sender !== window.webContents || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
