import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  type Item = { label?: string; type?: string; checked?: boolean; click?: (item: { checked: boolean }) => void };
  class FakeTray {
    static last: FakeTray;
    image: unknown;
    tooltip = '';
    menu: Item[] = [];
    destroyed = false;
    readonly listeners = new Map<string, () => void>();
    constructor(image: unknown) {
      this.image = image;
      FakeTray.last = this;
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: Item[]) {
      this.menu = menu;
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const image = (path: string) => ({
    path,
    template: false,
    setTemplateImage(on: boolean) {
      this.template = on;
    },
  });
  return {
    FakeTray,
    app: { setBadgeCount: vi.fn(() => true) },
    nativeImage: { createFromPath: vi.fn(image) },
    Menu: { buildFromTemplate: (items: Item[]) => items },
  };
});
vi.mock('electron', () => ({ app: fake.app, Tray: fake.FakeTray, nativeImage: fake.nativeImage, Menu: fake.Menu }));

const { createBadgeTray } = await import('../../src-main/electron/badge-tray');
const { trayLabels, trayLabelsFor } = await import('../../src-main/core/tray-labels');

const icons = { normal: '/r/tray.png', unread: '/r/tray-unread.png', overlay: '/r/overlay-unread.png' };

function fakeWindow(focused = false) {
  const listeners = new Map<string, () => void>();
  return {
    focused,
    setOverlayIcon: vi.fn(),
    flashFrame: vi.fn(),
    isFocused() {
      return this.focused;
    },
    isDestroyed: () => false,
    on(event: string, listener: () => void) {
      listeners.set(event, listener);
    },
    emit(event: string) {
      listeners.get(event)?.();
    },
  };
}

function setup(platform: NodeJS.Platform) {
  const callbacks = { onShowWindow: vi.fn(), onDoNotDisturb: vi.fn(), onQuit: vi.fn() };
  const tray = createBadgeTray({ platform, icons, ...callbacks });
  return { tray, fakeTray: fake.FakeTray.last, ...callbacks };
}
const path = (image: unknown) => (image as { path: string }).path;

beforeEach(() => fake.app.setBadgeCount.mockClear());

describe('badge and tray', () => {
  it('puts the unread total on the badge and switches the tray icon', () => {
    const { tray, fakeTray } = setup('linux');
    expect(path(fakeTray.image)).toBe(icons.normal);
    tray.setUnread(3);
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(3);
    expect(path(fakeTray.image)).toBe(icons.unread);
    expect(fakeTray.tooltip).toBe('Glance: 3 unread messages');
    tray.setUnread(3);
    expect(fake.app.setBadgeCount).toHaveBeenCalledTimes(1);
    tray.setUnread(0);
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(0);
    expect(path(fakeTray.image)).toBe(icons.normal);
    expect(fakeTray.tooltip).toBe('Glance');
  });

  it.each([-1, 1.5, Number.NaN])('treats a nonsensical total (%s) as zero', (total) => {
    const { tray } = setup('linux');
    tray.setUnread(2);
    tray.setUnread(total);
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(0);
  });

  it('on Windows shows an overlay icon on the taskbar button, also on a new window', () => {
    const { tray } = setup('win32');
    const window = fakeWindow();
    tray.attachWindow(window as never);
    tray.setUnread(2);
    expect(path(window.setOverlayIcon.mock.lastCall![0])).toBe(icons.overlay);
    expect(window.setOverlayIcon.mock.lastCall![1]).toBe('2 unread messages');
    tray.setUnread(0);
    expect(window.setOverlayIcon).toHaveBeenLastCalledWith(null, '');
    tray.setUnread(1);
    const next = fakeWindow();
    tray.attachWindow(next as never);
    expect(path(next.setOverlayIcon.mock.lastCall![0])).toBe(icons.overlay);
  });

  it('no overlay elsewhere', () => {
    const { tray } = setup('linux');
    const window = fakeWindow();
    tray.attachWindow(window as never);
    tray.setUnread(2);
    expect(window.setOverlayIcon).not.toHaveBeenCalled();
  });

  it('uses template images in the macOS menu bar', () => {
    const { fakeTray } = setup('darwin');
    expect((fakeTray.image as { template: boolean }).template).toBe(true);
  });

  it('menu: Show Glance, Do Not Disturb (a checkbox reflecting presence), Quit', () => {
    const { tray, fakeTray, onShowWindow, onDoNotDisturb, onQuit } = setup('linux');
    expect(fakeTray.menu.map((item) => item.label ?? item.type)).toEqual(['Show Glance', 'Do Not Disturb', 'separator', 'Quit Glance']);
    const dnd = fakeTray.menu[1];
    expect(dnd).toMatchObject({ type: 'checkbox', checked: false });
    fakeTray.menu[0].click!({ checked: false });
    expect(onShowWindow).toHaveBeenCalled();
    dnd.click!({ checked: true });
    expect(onDoNotDisturb).toHaveBeenCalledWith(true);
    tray.setDoNotDisturb(true);
    expect(fakeTray.menu[1].checked).toBe(true);
    fakeTray.menu[3].click!({ checked: false });
    expect(onQuit).toHaveBeenCalled();
  });

  it('a click on the tray icon brings the window back (not on macOS, where it opens the menu)', () => {
    const linux = setup('linux');
    linux.fakeTray.listeners.get('click')!();
    expect(linux.onShowWindow).toHaveBeenCalled();
    expect(setup('darwin').fakeTray.listeners.has('click')).toBe(false);
  });

  it('flashes the frame for a new message while unfocused, until the window is focused', () => {
    const { tray } = setup('win32');
    const window = fakeWindow(false);
    tray.attachWindow(window as never);
    tray.attention();
    expect(window.flashFrame).toHaveBeenLastCalledWith(true);
    window.emit('focus');
    expect(window.flashFrame).toHaveBeenLastCalledWith(false);
    window.flashFrame.mockClear();
    window.focused = true;
    tray.attention();
    expect(window.flashFrame).not.toHaveBeenCalled();
  });

  it('does not flash on macOS', () => {
    const { tray } = setup('darwin');
    const window = fakeWindow(false);
    tray.attachWindow(window as never);
    tray.attention();
    expect(window.flashFrame).not.toHaveBeenCalled();
  });

  it('speaks the language it is given: menu, tooltip and overlay in Simplified Chinese, and back', () => {
    const { tray, fakeTray, onQuit } = setup('win32');
    const window = fakeWindow();
    tray.attachWindow(window as never);
    tray.setDoNotDisturb(true);
    tray.setUnread(3);
    tray.setLabels(trayLabels('zh-CN'));
    expect(fakeTray.menu.map((item) => item.label ?? item.type)).toEqual(['显示 Glance', '请勿打扰', 'separator', '退出 Glance']);
    expect(fakeTray.menu[1].checked).toBe(true);
    expect(fakeTray.tooltip).toBe('Glance：3 条未读消息');
    expect(window.setOverlayIcon.mock.lastCall![1]).toBe('3 条未读消息');
    fakeTray.menu[3].click!({ checked: false });
    expect(onQuit).toHaveBeenCalled();
    tray.setUnread(0);
    expect(fakeTray.tooltip).toBe('Glance');
    tray.setLabels(trayLabels('en'));
    tray.setUnread(1);
    expect(fakeTray.menu.map((item) => item.label ?? item.type)).toEqual(['Show Glance', 'Do Not Disturb', 'separator', 'Quit Glance']);
    expect(fakeTray.tooltip).toBe('Glance: 1 unread message');
    expect(window.setOverlayIcon.mock.lastCall![1]).toBe('1 unread message');
  });

  it('leaves the menu alone when the language has not changed', () => {
    const { tray, fakeTray } = setup('linux');
    tray.setLabels(trayLabels('zh-CN'));
    const menu = fakeTray.menu;
    tray.setLabels(trayLabels('zh-CN'));
    expect(fakeTray.menu).toBe(menu);
  });
});

describe("tray labels from the core's snapshot", () => {
  const snapshot = (locale: 'en' | 'zh-CN' | undefined, systemLocale: string) => ({
    systemLocale,
    preferences: { sendReadMarkers: true, notificationPrivacy: 'sender-and-text' as const, mutes: {}, ...(locale ? { locale } : {}) },
  });

  it.each<['en' | 'zh-CN' | undefined, string, string[]]>([
    ['zh-CN', 'en-US', ['显示 Glance', '请勿打扰', '退出 Glance', 'Glance：2 条未读消息', '2 条未读消息']],
    ['en', 'en-US', ['Show Glance', 'Do Not Disturb', 'Quit Glance', 'Glance: 2 unread messages', '2 unread messages']],
    [undefined, 'zh-CN', ['显示 Glance', '请勿打扰', '退出 Glance', 'Glance：2 条未读消息', '2 条未读消息']],
    [undefined, 'en-GB', ['Show Glance', 'Do Not Disturb', 'Quit Glance', 'Glance: 2 unread messages', '2 unread messages']],
    ['en', 'zh-CN', ['Show Glance', 'Do Not Disturb', 'Quit Glance', 'Glance: 2 unread messages', '2 unread messages']],
  ])('language %s, system %s', (locale, system, expected) => {
    const labels = trayLabelsFor(snapshot(locale, system));
    expect([labels.show, labels.doNotDisturb, labels.quit, labels.tooltip(2), labels.overlay(2)]).toEqual(expected);
  });
});
