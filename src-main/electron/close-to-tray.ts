import type { BrowserWindow } from 'electron';

/** Closing the window keeps Glance running in the tray by default on Windows and Linux (macOS keeps its dock). */
export function defaultCloseToTray(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/**
 * While `enabled()`, closing the window hides it instead, so the connection and notifications
 * live on; quitting (tray menu, Cmd+Q, OS shutdown) still closes it for real.
 */
export function keepRunningOnClose(window: Pick<BrowserWindow, 'on' | 'hide'>, options: { enabled(): boolean; quitting(): boolean }): void {
  window.on('close', (event) => {
    if (options.quitting() || !options.enabled()) return;
    event.preventDefault();
    window.hide();
  });
}
