import { BrowserWindow, nativeTheme, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './channels';
import { guardNavigation } from './security';
import type { RestoredBounds } from './window-state';

export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 420;
export const DEFAULT_WIDTH = 1100;
export const DEFAULT_HEIGHT = 720;

// The page's own background (src-renderer/ui/theme.css), so the window never flashes the other theme.
const BACKGROUND = { light: '#ffffff', dark: '#16181c' };

export interface MainWindowSettings {
  preloadPath: string;
  bounds: RestoredBounds;
  darkBackground: boolean;
  /** Window icon where the OS takes it from the window (Linux, in development). */
  iconPath?: string;
}

/** Every option of the main window; the security-relevant ones are checked by a unit test. */
export function mainWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  const { x, y, width, height } = settings.bounds;
  return {
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Glance',
    show: false,
    backgroundColor: settings.darkBackground ? BACKGROUND.dark : BACKGROUND.light,
    ...(settings.iconPath ? { icon: settings.iconPath } : {}),
    webPreferences: {
      preload: settings.preloadPath,
      // Electron security checklist: the page is isolated from the preload and from Node, runs
      // sandboxed, embeds nothing, and keeps the web's same-origin and mixed-content rules.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

export function createMainWindow(settings: Omit<MainWindowSettings, 'darkBackground'>): BrowserWindow {
  // The theme follows the OS (nativeTheme.themeSource stays 'system'); the page does the same
  // through prefers-color-scheme.
  const window = new BrowserWindow(mainWindowOptions({ ...settings, darkBackground: nativeTheme.shouldUseDarkColors }));
  guardNavigation(window.webContents);
  window.once('ready-to-show', () => (settings.bounds.maximized ? window.maximize() : window.show()));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
