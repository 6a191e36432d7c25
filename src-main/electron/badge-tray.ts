import { app, Menu, nativeImage, Tray, type BrowserWindow } from 'electron';
import { trayLabels, type TrayLabels } from '../core/tray-labels';

/** The unread total on the dock/taskbar and in the tray, the tray menu, and the flashing frame. */
export interface BadgeTray {
  /** Unread messages across unmuted conversations. */
  setUnread(total: number): void;
  /** Reflects our presence in the menu's checkbox. */
  setDoNotDisturb(on: boolean): void;
  /** The words of the menu, tooltip and overlay, in the person's language (`trayLabels`). */
  setLabels(labels: TrayLabels): void;
  /** Call for each (re)created main window: keeps its overlay icon and stops flashing on focus. */
  attachWindow(window: BrowserWindow): void;
  /** A new message while the window is not focused: flash its frame (Windows, Linux) until it is. */
  attention(): void;
  destroy(): void;
}

export interface TrayIconPaths {
  /** Nothing unread. On macOS a template image (black on transparent, named `…Template.png`). */
  normal: string;
  unread: string;
  /** Windows taskbar overlay shown while something is unread. */
  overlay: string;
}

export interface BadgeTrayOptions {
  platform: NodeJS.Platform;
  icons: TrayIconPaths;
  labels?: TrayLabels;
  onShowWindow(): void;
  onDoNotDisturb(on: boolean): void;
  onQuit(): void;
}

export function createBadgeTray(options: BadgeTrayOptions): BadgeTray {
  let labels = options.labels ?? trayLabels('en');
  const image = (path: string) => {
    const loaded = nativeImage.createFromPath(path);
    if (options.platform === 'darwin') loaded.setTemplateImage(true);
    return loaded;
  };
  const images = { normal: image(options.icons.normal), unread: image(options.icons.unread) };
  const overlay = options.platform === 'win32' ? nativeImage.createFromPath(options.icons.overlay) : undefined;
  const tray = new Tray(images.normal);
  let unread = 0;
  let doNotDisturb = false;
  let window: BrowserWindow | undefined;

  const buildMenu = () =>
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: labels.show, click: () => options.onShowWindow() },
        { label: labels.doNotDisturb, type: 'checkbox', checked: doNotDisturb, click: (item) => options.onDoNotDisturb(item.checked) },
        { type: 'separator' },
        { label: labels.quit, click: () => options.onQuit() },
      ]),
    );
  const applyOverlay = () => {
    if (overlay && window && !window.isDestroyed()) window.setOverlayIcon(unread > 0 ? overlay : null, unread > 0 ? labels.overlay(unread) : '');
  };

  tray.setToolTip(labels.tooltip(0));
  // On macOS a click opens the menu; elsewhere it brings the window back, as people expect of a tray.
  if (options.platform !== 'darwin') tray.on('click', () => options.onShowWindow());
  buildMenu();

  return {
    setUnread(total) {
      const next = Number.isInteger(total) && total > 0 ? total : 0;
      if (next === unread) return;
      unread = next;
      // macOS dock and Unity-style Linux launchers; Windows has no badge count, hence the overlay.
      app.setBadgeCount(unread);
      tray.setImage(unread > 0 ? images.unread : images.normal);
      tray.setToolTip(labels.tooltip(unread));
      applyOverlay();
    },
    setDoNotDisturb(on) {
      if (on === doNotDisturb) return;
      doNotDisturb = on;
      buildMenu();
    },
    setLabels(next) {
      if (next === labels) return;
      labels = next;
      buildMenu();
      tray.setToolTip(labels.tooltip(unread));
      applyOverlay();
    },
    attachWindow(next) {
      window = next;
      next.on('focus', () => next.flashFrame(false));
      applyOverlay();
    },
    attention() {
      if (options.platform === 'darwin' || !window || window.isDestroyed() || window.isFocused()) return;
      window.flashFrame(true);
    },
    destroy() {
      tray.destroy();
    },
  };
}
