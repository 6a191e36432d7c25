import { shell, type App, type Session, type WebContents } from 'electron';
import { safeExternalUrl } from '../core/external-links';
import { isAppUrl } from './channels';

/**
 * Electron's security checklist, the parts that are handlers rather than window options: nothing
 * navigates, nothing opens a window, nothing attaches a <webview>, and no permission but
 * notifications is granted, and that only to the app's own pages.
 */

/** The main window only ever shows the app; links leave through the allow-list to the system browser. */
export function guardNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

/** Only http, https and mailto, after parsing, ever reach the OS. */
export function openOutside(url: string): void {
  const safe = safeExternalUrl(url);
  if (safe) void shell.openExternal(safe);
}

/**
 * Every webContents the app ever creates (the main window's included; `guardNavigation` adds
 * the link hand-off for that one): no navigation, no windows, no <webview>.
 */
export function guardAllWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export const ALLOWED_PERMISSION = 'notifications';

/** Permission requests and checks: notifications for the app's own pages, nothing else for anyone. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permission === ALLOWED_PERMISSION && isAppUrl(details.requestingUrl ?? contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === ALLOWED_PERMISSION && isAppUrl(requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}
