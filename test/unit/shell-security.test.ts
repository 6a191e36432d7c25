import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary is not available here: the shell runs against a fake `electron` module.
const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  ipcMain: { handle: vi.fn() },
}));
vi.mock('electron', () => ({
  shell: electron.shell,
  ipcMain: electron.ipcMain,
  BrowserWindow: class {},
  nativeTheme: { shouldUseDarkColors: false, themeSource: 'system' },
  net: { fetch: vi.fn() },
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
  screen: {},
}));

const { mainWindowOptions } = await import('../../src-main/electron/window');
const { guardAllWebContents, guardNavigation, hardenSession } = await import('../../src-main/electron/security');
const { isTrustedSender } = await import('../../src-main/electron/ipc');
const { isAppUrl } = await import('../../src-main/electron/channels');
const { fileFor } = await import('../../src-main/electron/app-protocol');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stands for Electron's handlers of every signature
type Listener = (...args: any[]) => unknown;

/** Just enough of a WebContents to capture the handlers the shell installs. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let windowOpenHandler: Listener | undefined;
  return {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return this;
    },
    setWindowOpenHandler(handler: Listener) {
      windowOpenHandler = handler;
    },
    emit(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? []) listener(...args);
    },
    openWindow(url: string) {
      return windowOpenHandler?.({ url });
    },
    getURL: () => 'glance://app/index.html',
  };
}

const navigation = (url: string, extra: Record<string, unknown> = {}) => ({ url, preventDefault: vi.fn(), ...extra });

beforeEach(() => electron.shell.openExternal.mockClear());

describe('main window options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/preload.cjs', bounds: { width: 800, height: 600, maximized: false }, darkBackground: false });

  it('isolate and sandbox the page, and keep the web security model', () => {
    const prefs = options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.experimentalFeatures).not.toBe(true);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('start hidden until the page is ready, at the restored bounds, never below the minimum size', () => {
    expect(options.show).toBe(false);
    expect(options).toMatchObject({ width: 800, height: 600, minWidth: 640, minHeight: 420 });
    expect(options).not.toHaveProperty('x');
    expect(mainWindowOptions({ preloadPath: 'p', bounds: { x: 10, y: 20, width: 800, height: 600, maximized: true }, darkBackground: true })).toMatchObject({
      x: 10,
      y: 20,
      backgroundColor: '#16181c',
    });
  });
});

describe('navigation guard of the main window', () => {
  it.each([
    ['https://example.org/page', 'https://example.org/page'],
    ['http://example.org/', 'http://example.org/'],
    ['mailto:juliet@capulet.lit', 'mailto:juliet@capulet.lit'],
    ['javascript:alert(1)', undefined],
    ['file:///etc/passwd', undefined],
    ['glance://app/index.html', undefined],
    ['xmpp:romeo@montague.lit', undefined],
    ['https://user:pass@example.org/', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
  ])('will-navigate to %s is refused; the system browser gets %s', (url, opened) => {
    const contents = fakeContents();
    guardNavigation(contents as never);
    const event = navigation(url);
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).toHaveBeenCalled();
    if (opened) expect(electron.shell.openExternal).toHaveBeenCalledWith(opened);
    else expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['https://example.org/', true],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
  ])('window.open(%s) is denied, and only a safe link leaves', (url, opened) => {
    const contents = fakeContents();
    guardNavigation(contents as never);
    expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(opened ? 1 : 0);
  });

  it('refuses sub-frame navigation and redirects away from the app', () => {
    const contents = fakeContents();
    guardNavigation(contents as never);
    const subframe = navigation('https://evil.example/', { isMainFrame: false });
    contents.emit('will-frame-navigate', subframe);
    expect(subframe.preventDefault).toHaveBeenCalled();
    const redirect = navigation('https://evil.example/');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const own = navigation('glance://app/index.html');
    contents.emit('will-redirect', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });
});

describe('every other webContents', () => {
  function created() {
    const app = { on: vi.fn() };
    guardAllWebContents(app as never);
    const [[event, listener]] = app.on.mock.calls as [string, Listener][];
    expect(event).toBe('web-contents-created');
    const contents = fakeContents();
    listener({}, contents);
    return contents;
  }

  it('may not navigate, open windows or attach a <webview>', () => {
    const contents = created();
    const nav = navigation('https://example.org/');
    contents.emit('will-navigate', nav, nav.url);
    expect(nav.preventDefault).toHaveBeenCalled();
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, {}, { src: 'https://example.org/' });
    expect(attach.preventDefault).toHaveBeenCalled();
    expect(contents.openWindow('https://example.org/')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  function handlers() {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    hardenSession(session as never);
    return {
      request: session.setPermissionRequestHandler.mock.calls[0][0] as Listener,
      check: session.setPermissionCheckHandler.mock.calls[0][0] as Listener,
      device: session.setDevicePermissionHandler.mock.calls[0][0] as Listener,
    };
  }
  const app = fakeContents();

  it.each([
    ['notifications', 'glance://app/index.html', true],
    ['notifications', 'https://evil.example/', false],
    ['media', 'glance://app/index.html', false],
    ['geolocation', 'glance://app/index.html', false],
    ['clipboard-read', 'glance://app/index.html', false],
    ['display-capture', 'glance://app/index.html', false],
    ['openExternal', 'glance://app/index.html', false],
    ['fullscreen', 'glance://app/index.html', false],
    ['unknown', 'glance://app/index.html', false],
  ])('request %s from %s → %s', (permission, requestingUrl, granted) => {
    const callback = vi.fn();
    handlers().request(app, permission, callback, { requestingUrl, isMainFrame: true });
    expect(callback).toHaveBeenCalledWith(granted);
  });

  it.each([
    ['notifications', 'glance://app', true],
    ['notifications', 'https://evil.example', false],
    ['media', 'glance://app', false],
    ['geolocation', 'glance://app', false],
    ['serial', 'glance://app', false],
    ['usb', 'glance://app', false],
  ])('check %s from %s → %s', (permission, origin, granted) => {
    expect(handlers().check(app, permission, origin, {})).toBe(granted);
  });

  it('grants no device', () => {
    expect(handlers().device({ deviceType: 'usb', origin: 'glance://app' })).toBe(false);
  });
});

describe('IPC sender check', () => {
  const contents = { id: 1 };
  const window = { webContents: contents, isDestroyed: () => false };
  const frame = (url: string, parent: unknown = null) => ({ url, parent });

  it.each([
    ['our page', { sender: contents, senderFrame: frame('glance://app/index.html') }, window, true],
    ['our page, another route', { sender: contents, senderFrame: frame('glance://app/other#x') }, window, true],
    ['another webContents', { sender: { id: 2 }, senderFrame: frame('glance://app/index.html') }, window, false],
    ['a sub-frame', { sender: contents, senderFrame: frame('glance://app/index.html', {}) }, window, false],
    ['another origin', { sender: contents, senderFrame: frame('https://evil.example/') }, window, false],
    ['another host of our scheme', { sender: contents, senderFrame: frame('glance://evil/index.html') }, window, false],
    ['a file: page', { sender: contents, senderFrame: frame('file:///app/index.html') }, window, false],
    ['no frame', { sender: contents, senderFrame: null }, window, false],
    ['no window', { sender: contents, senderFrame: frame('glance://app/index.html') }, undefined, false],
    ['a destroyed window', { sender: contents, senderFrame: frame('glance://app/index.html') }, { ...window, isDestroyed: () => true }, false],
  ])('%s → %s', (_name, event, win, trusted) => {
    expect(isTrustedSender(event as never, win as never)).toBe(trusted);
  });

  it('a frame that throws on access (destroyed) is not trusted', () => {
    const senderFrame = {
      parent: null,
      get url(): string {
        throw new Error('Render frame was disposed');
      },
    };
    expect(isTrustedSender({ sender: contents, senderFrame } as never, window as never)).toBe(false);
  });
});

describe('app origin', () => {
  it.each([
    ['glance://app/index.html', true],
    ['glance://app', true],
    ['GLANCE://APP/x', true],
    ['glance://application/', false],
    ['glance://evil@app/', false],
    ['https://app/', false],
    ['null', false],
    ['', false],
  ])('%s → %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));
});

describe('app protocol', () => {
  const root = path.resolve('/srv/renderer');
  it.each([
    ['glance://app/', path.join(root, 'index.html')],
    ['glance://app/index.html', path.join(root, 'index.html')],
    ['glance://app/assets/app.js', path.join(root, 'assets/app.js')],
    ['glance://app/../../etc/passwd', path.join(root, 'etc/passwd')],
    ['glance://app/%2e%2e/%2e%2e/etc/passwd', path.join(root, 'etc/passwd')],
    ['glance://app/..%2f..%2fetc%2fpasswd', undefined],
    ['glance://app/%E0%A4%A', undefined],
    ['glance://other/index.html', undefined],
  ])('%s → %s', (url, file) => expect(fileFor(root, url)).toBe(file));
});
