import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationPrivacy, WireMessage } from '../../src-shared/contract';
import { effectiveLocale, type Locale } from '../../src-shared/i18n';
import type { NotificationEffect, NotificationIntent } from '../../src-main/core/notifications/intent';
import { NotificationTracker } from '../../src-main/core/notifications/tracker';

const fake = vi.hoisted(() => {
  class FakeNotification {
    static supported = true;
    static instances: FakeNotification[] = [];
    static isSupported() {
      return FakeNotification.supported;
    }
    readonly listeners = new Map<string, (() => void)[]>();
    shown = false;
    closed = false;
    constructor(readonly options: { title?: string; body?: string; silent?: boolean; icon?: string }) {
      FakeNotification.instances.push(this);
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string) {
      for (const listener of this.listeners.get(event) ?? []) listener();
    }
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
      this.emit('close');
    }
  }
  return { FakeNotification };
});
vi.mock('electron', () => ({ Notification: fake.FakeNotification }));

const { createNotificationPresenter, presentNotifications } = await import('../../src-main/electron/notifications');
const { FakeNotification } = fake;

const chat = (jid: string) => ({ kind: 'chat', jid }) as const;
const intent = (jid: string, body: string, extra: Partial<NotificationIntent> = {}): NotificationIntent => ({
  conversation: chat(jid),
  title: jid.split('@')[0],
  body,
  count: 1,
  silent: false,
  ...extra,
});

beforeEach(() => {
  FakeNotification.instances = [];
  FakeNotification.supported = true;
});

describe('notification presenter', () => {
  it('shows one notification per conversation, replacing the previous one', () => {
    const presenter = createNotificationPresenter({ onClick: vi.fn() });
    presenter.show(intent('romeo@montague.lit', 'one'));
    presenter.show(intent('nurse@capulet.lit', 'hello'));
    presenter.show(intent('romeo@montague.lit', '2 new messages\ntwo', { count: 2 }));
    const [first, nurse, second] = FakeNotification.instances;
    expect(first.options).toEqual({ title: 'romeo', body: 'one', silent: false });
    expect(first.closed).toBe(true);
    expect(nurse.closed).toBe(false);
    expect(second.shown).toBe(true);
    expect(second.options.body).toBe('2 new messages\ntwo');
  });

  it('a click opens the conversation at its message', () => {
    const onClick = vi.fn();
    const presenter = createNotificationPresenter({ onClick });
    const shown = intent('romeo@montague.lit', 'hi', { at: { stanzaId: 'S1', timestamp: 5 } });
    presenter.show(shown);
    FakeNotification.instances[0].emit('click');
    expect(onClick).toHaveBeenCalledWith(shown);
  });

  it('closeFor closes only that conversation, once', () => {
    const presenter = createNotificationPresenter({ onClick: vi.fn() });
    presenter.show(intent('romeo@montague.lit', 'hi'));
    presenter.show(intent('nurse@capulet.lit', 'hi'));
    presenter.closeFor(chat('romeo@montague.lit'));
    presenter.closeFor(chat('romeo@montague.lit'));
    presenter.closeFor(chat('tybalt@capulet.lit'));
    presenter.closeFor({ kind: 'room', jid: 'nurse@capulet.lit' });
    expect(FakeNotification.instances.map((n) => n.closed)).toEqual([true, false]);
    presenter.closeAll();
    expect(FakeNotification.instances.map((n) => n.closed)).toEqual([true, true]);
  });

  it('forgets a notification the person dismissed, so a later one is not "replaced" twice', () => {
    const presenter = createNotificationPresenter({ onClick: vi.fn() });
    presenter.show(intent('romeo@montague.lit', 'hi'));
    const first = FakeNotification.instances[0];
    first.emit('close');
    const close = vi.spyOn(first, 'close');
    presenter.show(intent('romeo@montague.lit', 'again'));
    expect(close).not.toHaveBeenCalled();
  });

  it('passes the quiet flag and the Linux icon through', () => {
    const presenter = createNotificationPresenter({ onClick: vi.fn(), iconPath: '/icons/256x256.png' });
    presenter.show(intent('romeo@montague.lit', 'hi', { silent: true }));
    expect(FakeNotification.instances[0].options).toMatchObject({ silent: true, icon: '/icons/256x256.png' });
  });

  it('does nothing where the OS has no notifications', () => {
    FakeNotification.supported = false;
    createNotificationPresenter({ onClick: vi.fn() }).show(intent('romeo@montague.lit', 'hi'));
    expect(FakeNotification.instances).toHaveLength(0);
  });
});

describe('presentNotifications', () => {
  it('shows and closes per effect, and reports only audible new ones', () => {
    const source = new EventEmitter();
    const presenter = { show: vi.fn(), closeFor: vi.fn(), closeAll: vi.fn() };
    const onShown = vi.fn();
    presentNotifications(source as never, presenter, onShown);
    const loud = intent('romeo@montague.lit', 'hi');
    const quiet = intent('romeo@montague.lit', 'hi', { silent: true });
    source.emit('notification', { kind: 'show', intent: loud } satisfies NotificationEffect);
    source.emit('notification', { kind: 'show', intent: quiet } satisfies NotificationEffect);
    source.emit('notification', { kind: 'close', conversation: chat('romeo@montague.lit') } satisfies NotificationEffect);
    expect(presenter.show.mock.calls).toEqual([[loud], [quiet]]);
    expect(onShown.mock.calls).toEqual([[loud]]);
    expect(presenter.closeFor).toHaveBeenCalledWith(chat('romeo@montague.lit'));
  });
});

describe("notification texts in the person's language", () => {
  const ROMEO = 'romeo@montague.lit';
  let seq = 0;
  const message = (body: string): WireMessage => {
    seq += 1;
    return {
      conversation: chat(ROMEO),
      sender: { jid: ROMEO },
      direction: 'in',
      from: `${ROMEO}/balcony`,
      id: `id-${seq}`,
      stanzaId: `s-${seq}`,
      stanzaIdBy: 'me@montague.lit',
      body,
      timestamp: 1_000 + seq,
      via: 'live',
    };
  };

  /** The core's tracker, in the language the core would use, wired to the shell's presenter as main.ts wires them. */
  function notifier(settings: { preference?: Locale; system: string; privacy: NotificationPrivacy; name?: string }) {
    const source = new EventEmitter();
    const tracker = new NotificationTracker(
      {
        mute: () => 'none',
        readingNow: () => false,
        presence: () => 'available',
        privacy: () => settings.privacy,
        displayName: () => settings.name ?? 'Romeo',
        locale: () => effectiveLocale(settings.preference, settings.system),
      },
      (effect) => source.emit('notification', effect),
    );
    tracker.sessionStarted();
    tracker.mdsFetched();
    presentNotifications(source as never, createNotificationPresenter({ onClick: vi.fn() }), vi.fn());
    const shown = () => FakeNotification.instances.at(-1)!.options;
    return { settings, tracker, shown };
  }

  it.each<[Locale | undefined, string, NotificationPrivacy, string[], { title: string; body: string }]>([
    ['zh-CN', 'en-US', 'nothing', ['hi'], { title: 'Glance', body: '新消息' }],
    ['zh-CN', 'en-US', 'nothing', ['hi', 'there', 'again'], { title: 'Glance', body: '3 条新消息' }],
    ['zh-CN', 'en-US', 'sender', ['hi', 'there'], { title: 'Romeo', body: '2 条新消息' }],
    ['zh-CN', 'en-US', 'sender-and-text', ['hi', 'there'], { title: 'Romeo', body: '2 条新消息\nthere' }],
    ['zh-CN', 'en-US', 'sender-and-text', [' '], { title: 'Romeo', body: '新消息' }],
    [undefined, 'zh-CN', 'sender', ['hi', 'there'], { title: 'Romeo', body: '2 条新消息' }],
    [undefined, 'zh-Hans-CN', 'nothing', ['hi'], { title: 'Glance', body: '新消息' }],
    ['en', 'en-US', 'nothing', ['hi'], { title: 'Glance', body: 'New message' }],
    ['en', 'zh-CN', 'sender', ['hi', 'there'], { title: 'Romeo', body: '2 new messages' }],
    [undefined, 'en-US', 'sender-and-text', ['hi', 'there'], { title: 'Romeo', body: '2 new messages\nthere' }],
  ])('language %s, system %s, %s, %j', (preference, system, privacy, bodies, expected) => {
    const { tracker, shown } = notifier({ preference, system, privacy });
    for (const body of bodies) tracker.messages([message(body)]);
    expect(shown()).toEqual({ ...expected, silent: false });
  });

  it('falls back to the app name in either language when the sender has no name to show', () => {
    const { tracker, shown } = notifier({ preference: 'zh-CN', system: 'en-US', privacy: 'sender', name: ' ' });
    tracker.messages([message('hi')]);
    expect(shown()).toMatchObject({ title: 'Glance', body: '新消息' });
  });

  it('follows a change of language from the next notification on', () => {
    const { settings, tracker, shown } = notifier({ system: 'en-US', privacy: 'sender' });
    tracker.messages([message('hi')]);
    expect(shown().body).toBe('New message');
    settings.preference = 'zh-CN';
    tracker.messages([message('there')]);
    expect(shown().body).toBe('2 条新消息');
  });
});
