import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  app: {
    isPackaged: false,
    isDefaultProtocolClient: vi.fn(() => false),
    setAsDefaultProtocolClient: vi.fn(() => true),
  },
}));
vi.mock('electron', () => ({ app: fake.app }));

const { defaultCloseToTray, keepRunningOnClose } = await import('../../src-main/electron/close-to-tray');
const { registerXmppHandler, requestForXmppLink, xmppLinkInArgv } = await import('../../src-main/electron/xmpp-links');
const { createOpenRequestChannel } = await import('../../src-main/electron/open-requests');
const { EVENT_CHANNEL } = await import('../../src-main/electron/channels');

describe('close to tray', () => {
  it.each([
    ['win32', true],
    ['linux', true],
    ['darwin', false],
  ] as const)('default on %s: %s', (platform, expected) => expect(defaultCloseToTray(platform)).toBe(expected));

  function closing(enabled: boolean, quitting: boolean) {
    let onClose: ((event: { preventDefault(): void }) => void) | undefined;
    const window = { on: (_event: string, listener: typeof onClose) => (onClose = listener), hide: vi.fn() };
    keepRunningOnClose(window as never, { enabled: () => enabled, quitting: () => quitting });
    const event = { preventDefault: vi.fn() };
    onClose!(event);
    return { hidden: window.hide.mock.calls.length > 0, prevented: event.preventDefault.mock.calls.length > 0 };
  }

  it('closing hides the window while the setting is on', () => expect(closing(true, false)).toEqual({ hidden: true, prevented: true }));
  it('closing closes with the setting off', () => expect(closing(false, false)).toEqual({ hidden: false, prevented: false }));
  it('quitting always closes', () => expect(closing(true, true)).toEqual({ hidden: false, prevented: false }));
});

describe('xmpp: links', () => {
  it.each([
    [['/opt/Glance/glance', 'xmpp:romeo@montague.lit?message'], 'xmpp:romeo@montague.lit?message'],
    [['C:\\Glance\\Glance.exe', '--allow-file-access-from-files', 'XMPP:romeo@montague.lit'], 'XMPP:romeo@montague.lit'],
    [['/opt/Glance/glance', '--flag', 'https://example.org'], undefined],
    [['/opt/Glance/glance'], undefined],
  ])('finds the link in %j', (argv, link) => expect(xmppLinkInArgv(argv)).toBe(link));

  it.each([
    [
      'xmpp:romeo@montague.lit?message;body=Hi',
      { ok: true, request: { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' }, draft: 'Hi' } },
    ],
    ['xmpp:romeo@montague.lit?subscribe', { ok: true, request: { kind: 'add-contact', peer: 'romeo@montague.lit' } }],
    ['xmpp://guest@example.com/romeo@montague.lit', { ok: false, error: 'authority-form' }],
    ['xmpp:not a jid', { ok: false, error: 'malformed' }],
  ])('%s', (link, expected) => expect(requestForXmppLink(link)).toEqual(expected));

  it('only an installed build claims the scheme', () => {
    fake.app.isPackaged = false;
    registerXmppHandler();
    expect(fake.app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    fake.app.isPackaged = true;
    registerXmppHandler();
    expect(fake.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('xmpp');
  });
});

describe('open requests to the page', () => {
  function fakeWindow(loading: boolean) {
    let onLoad: (() => void) | undefined;
    const webContents = {
      loading,
      send: vi.fn(),
      isLoading() {
        return this.loading;
      },
      on: (_event: string, listener: () => void) => (onLoad = listener),
    };
    return { webContents, isDestroyed: () => false, finishLoad: () => ((webContents.loading = false), onLoad?.()) };
  }

  it('sends at once to a loaded page', () => {
    const channel = createOpenRequestChannel();
    const window = fakeWindow(false);
    channel.attachWindow(window as never);
    channel.deliver({ kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } });
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'openRequest', {
      kind: 'conversation',
      conversation: { kind: 'chat', jid: 'romeo@montague.lit' },
    });
  });

  it('waits for the page to load (a link that started the app), and sends only the latest', () => {
    const channel = createOpenRequestChannel();
    channel.deliver({ kind: 'conversation', conversation: { kind: 'chat', jid: 'early@montague.lit' } });
    const window = fakeWindow(true);
    channel.attachWindow(window as never);
    channel.deliver({ kind: 'add-contact', peer: 'romeo@montague.lit' });
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.finishLoad();
    expect(window.webContents.send.mock.calls).toEqual([[EVENT_CHANNEL, 'openRequest', { kind: 'add-contact', peer: 'romeo@montague.lit' }]]);
    window.finishLoad();
    expect(window.webContents.send).toHaveBeenCalledTimes(1);
  });
});
