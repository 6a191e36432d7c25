import { describe, expect, it, vi } from 'vitest';
import type { NotificationIntent } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { WebNotifications, type NotificationApi, type NotificationRecord } from '../../src-renderer/app/web-notifications';

/** A fake web Notification API that remembers what it showed. */
function fakeApi(permission: NotificationPermission = 'granted') {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
    closed = false;
    onclick: ((this: Notification, ev: Event) => unknown) | null = null;
    onclose: ((this: Notification, ev: Event) => unknown) | null = null;
    constructor(
      readonly title: string,
      readonly options: NotificationOptions,
    ) {
      shown.push(this);
    }
    close(): void {
      this.closed = true;
    }
  }
  return { api: FakeNotification as unknown as NotificationApi & { requestPermission: ReturnType<typeof vi.fn> }, shown };
}

const intent = (jid: string, count: number, fields: Partial<NotificationIntent> = {}): NotificationIntent => ({
  conversation: chatWith(jid),
  title: jid.split('@')[0]!,
  body: `message ${count}`,
  count,
  silent: false,
  at: { clientId: 'm1', timestamp: 5 },
  ...fields,
});

describe('WebNotifications', () => {
  it('shows one notification per conversation, replacing the previous one, and closes it', () => {
    const { api, shown } = fakeApi();
    const record: NotificationRecord[] = [];
    const n = new WebNotifications({ api, record, onClick: vi.fn() });
    n.apply({ kind: 'show', intent: intent('ann@x.org', 1) });
    n.apply({ kind: 'show', intent: intent('ann@x.org', 2, { silent: true }) });
    n.apply({ kind: 'show', intent: intent('bob@x.org', 1) });
    expect(shown.map((s) => [s.title, s.options, s.closed])).toEqual([
      ['ann', { body: 'message 1', tag: 'chat:ann@x.org', silent: false }, true],
      ['ann', { body: 'message 2', tag: 'chat:ann@x.org', silent: true }, false],
      ['bob', { body: 'message 1', tag: 'chat:bob@x.org', silent: false }, false],
    ]);
    n.apply({ kind: 'close', conversation: chatWith('ann@x.org') });
    expect(shown[1]!.closed).toBe(true);
    expect(record).toEqual([
      { kind: 'show', conversation: 'chat:ann@x.org', title: 'ann', body: 'message 1', count: 1 },
      { kind: 'show', conversation: 'chat:ann@x.org', title: 'ann', body: 'message 2', count: 2 },
      { kind: 'show', conversation: 'chat:bob@x.org', title: 'bob', body: 'message 1', count: 1 },
      { kind: 'close', conversation: 'chat:ann@x.org' },
    ]);
    n.closeAll();
    expect(shown[2]!.closed).toBe(true);
  });

  it("shows the contact's picture as the icon when the page has it", () => {
    const { api, shown } = fakeApi();
    const icon = 'data:image/png;base64,iVBORw0KGgo=';
    const n = new WebNotifications({ api, onClick: vi.fn(), iconFor: (conversation) => (conversation.jid === 'ann@x.org' ? icon : undefined) });
    n.apply({ kind: 'show', intent: intent('ann@x.org', 1) });
    n.apply({ kind: 'show', intent: intent('bob@x.org', 1) });
    expect(shown.map((s) => s.options.icon)).toEqual([icon, undefined]);
  });

  it('opens the conversation at the message on click', () => {
    const { api, shown } = fakeApi();
    const onClick = vi.fn();
    const n = new WebNotifications({ api, onClick });
    n.apply({ kind: 'show', intent: intent('ann@x.org', 1) });
    shown[0]!.onclick?.call(shown[0] as never, new Event('click'));
    expect(onClick).toHaveBeenCalledWith(intent('ann@x.org', 1));
    expect(shown[0]!.closed).toBe(true);
  });

  it('records but shows nothing without permission, and asks for it once', () => {
    const { api, shown } = fakeApi('default');
    const record: NotificationRecord[] = [];
    const n = new WebNotifications({ api, record, onClick: vi.fn() });
    n.apply({ kind: 'show', intent: intent('ann@x.org', 1) });
    expect(shown).toEqual([]);
    expect(record).toHaveLength(1);
    n.requestPermission();
    n.requestPermission();
    expect(api.requestPermission).toHaveBeenCalledTimes(1);
    // without the API at all, effects are still recorded
    const bare = new WebNotifications({ api: undefined, record, onClick: vi.fn() });
    bare.apply({ kind: 'close', conversation: chatWith('ann@x.org') });
    bare.requestPermission();
    expect(record).toHaveLength(2);
  });
});
