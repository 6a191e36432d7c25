import { app, BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlanceCore } from '../core/glance-core';
import { consoleLogger } from '../core/log';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { connectIpc, forwardFocus } from './ipc';
import { preferencesFile } from './preferences-file';
import { safeStorageAccounts } from './safe-storage-accounts';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = consoleLogger('main');
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  // Glance asks for nothing but notifications; every other permission request is refused.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  serveRenderer(path.resolve(here, '../renderer'));

  const core = new GlanceCore({
    accounts: safeStorageAccounts(app.getPath('userData')),
    preferences: preferencesFile(app.getPath('userData')),
    log,
    systemLocale: () => app.getLocale(),
    openExternal: (url) => shell.openExternal(url),
  });
  connectIpc(core, () => mainWindow);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void core.stop());
  await core.start();
}

function openWindow(): void {
  mainWindow = createMainWindow(path.resolve(here, '../preload/preload.cjs'));
  forwardFocus(mainWindow);
  mainWindow.on('closed', () => (mainWindow = undefined));
}
