import { app, BrowserWindow, nativeTheme, powerMonitor, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OwnPresence } from '../../src-shared/contract';
import { GlanceCore } from '../core/glance-core';
import { keepRunningOnUnhandledRejection } from '../core/last-resort';
import { consoleLogger } from '../core/log';
import { trayLabelsFor } from '../core/tray-labels';
import { rosterCacheFiles } from '../core/roster-cache';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createBadgeTray, type BadgeTray } from './badge-tray';
import { defaultCloseToTray, keepRunningOnClose } from './close-to-tray';
import { connectIpc, forwardFocus } from './ipc';
import { createNotificationPresenter, presentNotifications, type NotificationPresenter } from './notifications';
import { createOpenRequestChannel } from './open-requests';
import { preferencesFile } from './preferences-file';
import { safeStorageAccounts } from './safe-storage-accounts';
import { guardAllWebContents, hardenSession } from './security';
import { createMainWindow, DEFAULT_HEIGHT, DEFAULT_WIDTH, MIN_HEIGHT, MIN_WIDTH } from './window';
import { initialBounds, rememberWindowState } from './window-state';
import { registerXmppHandler, requestForXmppLink, xmppLinkInArgv } from './xmpp-links';

/** Fixed for good: Windows ties notifications and taskbar grouping to it (electron-builder `appId`). */
const APP_ID = 'org.glance.messenger';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = consoleLogger('main');
keepRunningOnUnhandledRejection(process, log);
// Tray, overlay and window icons: copied next to app.asar by electron-builder (`extraResources`).
const shellIcons = app.isPackaged ? path.join(process.resourcesPath, 'shell-icons') : path.resolve(here, '../../resources');
const openRequests = createOpenRequestChannel();
// Follows the preference once the core has loaded it; until then, the platform's default.
const shellSettings = { closeToTray: defaultCloseToTray(process.platform) };
let mainWindow: BrowserWindow | undefined;
let tray: BadgeTray | undefined;
let notifications: NotificationPresenter | undefined;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  guardAllWebContents(app);
  nativeTheme.themeSource = 'system';
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  // macOS hands links over as an event, possibly before `ready`; Windows and Linux as arguments.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    showWindow();
    const link = xmppLinkInArgv(argv);
    if (link) openLink(link);
  });
  app.on('before-quit', () => {
    quitting = true;
    notifications?.closeAll();
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  registerXmppHandler();

  const core = new GlanceCore({
    accounts: safeStorageAccounts(app.getPath('userData')),
    preferences: preferencesFile(app.getPath('userData')),
    log,
    systemLocale: () => app.getLocale(),
    openExternal: (url) => shell.openExternal(url),
    platformDefaults: { closeToTray: defaultCloseToTray(process.platform) },
    fileCacheDir: path.join(app.getPath('temp'), `glance-files-${process.pid}`),
    rosterCache: rosterCacheFiles(path.join(app.getPath('userData'), 'rosters')),
  });
  serveRenderer(path.resolve(here, '../renderer'), core.files);
  let presenceBeforeDnd: OwnPresence = 'available';
  const badgeTray = createBadgeTray({
    platform: process.platform,
    icons: trayIcons(),
    onShowWindow: showWindow,
    onDoNotDisturb: (on) => void core.setPresence({ show: on ? 'dnd' : presenceBeforeDnd }),
    onQuit: () => app.quit(),
  });
  tray = badgeTray;
  core.on('snapshot', (snapshot) => {
    if (snapshot.ownPresence !== 'dnd') presenceBeforeDnd = snapshot.ownPresence;
    badgeTray.setDoNotDisturb(snapshot.ownPresence === 'dnd');
    badgeTray.setLabels(trayLabelsFor(snapshot));
    shellSettings.closeToTray = snapshot.preferences.closeToTray ?? defaultCloseToTray(process.platform);
  });
  notifications = createNotificationPresenter({
    onClick: (intent) => {
      showWindow();
      openRequests.deliver({ kind: 'conversation', conversation: intent.conversation, ...(intent.at ? { at: intent.at } : {}) });
    },
    iconPath: process.platform === 'linux' ? path.join(shellIcons, 'icons', '256x256.png') : undefined,
  });
  presentNotifications(core, notifications, () => badgeTray.attention());
  connectIpc(core, () => mainWindow, {
    afterCommand: (name) => {
      if (name === 'reportUnread') badgeTray.setUnread(core.unread);
    },
  });

  openWindow();
  const firstLink = xmppLinkInArgv(process.argv);
  if (firstLink) openLink(firstLink);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void core.stop());
  // The backoff may put the next try a minute away, and a connection that looks up may have died
  // while the machine slept: check at once on waking and unlocking (issue 5). The renderer does
  // the same on the page's `online` event.
  powerMonitor.on('resume', () => void core.checkConnection({}));
  powerMonitor.on('unlock-screen', () => void core.checkConnection({}));
  await core.start();
}

function openWindow(): void {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const window = createMainWindow({
    preloadPath: path.resolve(here, '../preload/preload.cjs'),
    bounds: initialBounds(stateFile, { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT }),
    iconPath: process.platform === 'linux' ? path.join(shellIcons, 'icons', '256x256.png') : undefined,
  });
  mainWindow = window;
  rememberWindowState(window, stateFile);
  keepRunningOnClose(window, { enabled: () => shellSettings.closeToTray, quitting: () => quitting });
  forwardFocus(window);
  tray?.attachWindow(window);
  openRequests.attachWindow(window);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
}

/** Shows, restores and focuses the main window, opening a new one if it was closed (macOS). */
function showWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) {
    openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openLink(link: string): void {
  const result = requestForXmppLink(link);
  showWindow();
  if (!result.ok) {
    log.warn(`xmpp: link refused (${result.error})`);
  } else if (result.request.kind === 'unsupported') {
    log.info(`xmpp: link action "${result.request.action}" is not supported`);
  } else {
    openRequests.deliver(result.request);
  }
}

function trayIcons() {
  const mac = process.platform === 'darwin';
  return {
    normal: path.join(shellIcons, mac ? 'trayTemplate.png' : 'tray.png'),
    unread: path.join(shellIcons, mac ? 'trayUnreadTemplate.png' : 'tray-unread.png'),
    overlay: path.join(shellIcons, 'overlay-unread.png'),
  };
}
