import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CommandName, Events } from '../../src-shared/contract';
import { ELECTRON_FORWARDED_EVENTS, isCommandName } from '../../src-shared/contract-registry';
import { dispatchCommand } from '../core/dispatch';
import type { GlanceCore } from '../core/glance-core';
import { EVENT_CHANNEL, INVOKE_CHANNEL, isAppUrl } from './channels';

export interface IpcObserver {
  /** A command from the page ran (successfully or not); the shell reacts to a few, e.g. `reportUnread`. */
  afterCommand?(name: CommandName): void;
}

/** Wires the contract to Electron IPC for one window. */
export function connectIpc(core: GlanceCore, getWindow: () => BrowserWindow | undefined, observer: IpcObserver = {}): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, request: unknown) => {
    // Only our own page in our own window may command the core (a frame or a navigated page may not).
    if (!isTrustedSender(event, getWindow())) throw new Error('Refused: untrusted sender');
    try {
      return await dispatchCommand(core, name, request);
    } finally {
      if (isCommandName(name)) observer.afterCommand?.(name);
    }
  });
  for (const name of ELECTRON_FORWARDED_EVENTS) {
    core.on(name, (payload: Events[typeof name]) => getWindow()?.webContents.send(EVENT_CHANNEL, name, payload));
  }
}

/** Sends the window focus changes the read rules depend on. */
export function forwardFocus(window: BrowserWindow): void {
  window.on('focus', () => window.webContents.send(EVENT_CHANNEL, 'windowFocus', true));
  window.on('blur', () => window.webContents.send(EVENT_CHANNEL, 'windowFocus', false));
}

/** The sender is the main frame of our window's page, showing the app's own origin. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | undefined): boolean {
  try {
    const frame = event.senderFrame;
    if (!window || window.isDestroyed() || !frame || event.sender !== window.webContents || frame.parent !== null) return false;
    return isAppUrl(frame.url);
  } catch {
    // A frame that navigated away or was destroyed throws on access: not trusted.
    return false;
  }
}
