import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../src-shared/contract';
import { aggregateCatchUp, type CatchUpConversation } from '../../src-main/core/notifications/catch-up';
import { notificationContent, truncate, type NotificationPrivacy } from '../../src-main/core/notifications/content';
import type { NotificationEffect } from '../../src-main/core/notifications/intent';
import { decideNotification, isCoveredByReadMark, type NotificationInput } from '../../src-main/core/notifications/policy';
import { NotificationTracker, type TrackerEnvironment } from '../../src-main/core/notifications/tracker';
import { chatWith, conversationKey as key, sameConversation, type ConversationRef } from '../../src-shared/conversation';

const ROMEO = chatWith('romeo@montague.lit');
const NURSE = chatWith('nurse@capulet.lit');
let seq = 0;

function msg(overrides: Partial<WireMessage> = {}): WireMessage {
  seq += 1;
  return {
    conversation: ROMEO,
    direction: 'in',
    sender: { jid: (overrides.conversation ?? ROMEO).jid },
    from: `${(overrides.conversation ?? ROMEO).jid}/balcony`,
    id: `id-${seq}`,
    stanzaId: `s-${seq}`,
    body: `message ${seq}`,
    timestamp: 1_000_000 + seq * 1000,
    via: 'live',
    ...overrides,
  };
}

describe('decideNotification', () => {
  const base: NotificationInput = {
    message: msg(),
    mute: 'none',
    mentionsMe: false,
    readingNow: false,
    presence: 'available',
    alreadyRead: false,
    archiveBeforeReadPoint: false,
    mdsFetched: true,
  };
  it.each<[string, Partial<NotificationInput>, string]>([
    ['a live incoming message', {}, 'notify'],
    ['a carbon of an incoming message', { message: msg({ via: 'carbon' }) }, 'notify'],
    ['while away', { presence: 'away' }, 'notify'],
    ['an archive message newer than the read point', { message: msg({ via: 'archive' }) }, 'notify'],
    ['our own message', { message: msg({ direction: 'out' }) }, 'outgoing'],
    ['our own message sent from another device', { message: msg({ direction: 'out', via: 'carbon' }) }, 'outgoing'],
    ['a message already read elsewhere', { alreadyRead: true }, 'already-read'],
    ['archive backlog older than the read point', { message: msg({ via: 'archive' }), archiveBeforeReadPoint: true }, 'archive-before-read-point'],
    ['a muted conversation', { mute: 'all' }, 'muted'],
    ['a muted conversation that mentions us', { mute: 'all', mentionsMe: true }, 'muted'],
    ['mentions-only without a mention', { mute: 'mentions' }, 'mentions-only'],
    ['mentions-only with a mention', { mute: 'mentions', mentionsMe: true }, 'notify'],
    ['Do Not Disturb', { presence: 'dnd' }, 'do-not-disturb'],
    ['Do Not Disturb, even for a mention', { presence: 'dnd', mute: 'mentions', mentionsMe: true }, 'do-not-disturb'],
    ['the conversation being read right now', { readingNow: true }, 'reading-now'],
    ['before MDS is fetched', { mdsFetched: false }, 'awaiting-mds'],
    ['before MDS is fetched but already read', { mdsFetched: false, alreadyRead: true }, 'already-read'],
    ['muted and being read', { mute: 'all', readingNow: true }, 'muted'],
  ])('%s → %s', (_name, overrides, reason) => {
    const decision = decideNotification({ ...base, ...overrides });
    expect(decision.reason).toBe(reason);
    expect(decision.notify).toBe(reason === 'notify');
  });
});

describe('isCoveredByReadMark', () => {
  const m = msg({ id: 'abc', stanzaId: 'S1', timestamp: 5000 });
  it.each([
    [undefined, false],
    [{}, false],
    [{ stanzaId: 'S1' }, true],
    [{ stanzaId: 'S2' }, false],
    [{ messageId: 'abc' }, true],
    [{ at: 5000 }, true],
    [{ at: 4999 }, false],
    [{ stanzaId: 'S0', at: 6000 }, true],
  ])('%j → %s', (mark, covered) => expect(isCoveredByReadMark(m, mark)).toBe(covered));

  it('a marker id only covers the other party’s message, not our own with the same id', () => {
    expect(isCoveredByReadMark(msg({ direction: 'out', id: 'abc' }), { messageId: 'abc' })).toBe(false);
  });
});

describe('aggregateCatchUp', () => {
  const quiet: CatchUpConversation = { mute: 'none', readingNow: false, readPoints: [] };
  const run = (messages: WireMessage[], states: Record<string, Partial<CatchUpConversation>> = {}, presence: 'available' | 'dnd' = 'available') =>
    aggregateCatchUp({ messages, presence, conversation: (c) => ({ ...quiet, ...states[key(c)] }) }).map((n) => ({
      conversation: n.conversation,
      count: n.messages.length,
      newest: n.messages[n.messages.length - 1].body,
    }));

  it('makes one notification per conversation with a count, newest conversation last', () => {
    const messages = [
      msg({ body: 'r1' }),
      msg({ conversation: NURSE, body: 'n1' }),
      msg({ body: 'r2' }),
      msg({ conversation: NURSE, body: 'n2' }),
      msg({ body: 'r3' }),
    ];
    expect(run(messages)).toEqual([
      { conversation: NURSE, count: 2, newest: 'n2' },
      { conversation: ROMEO, count: 3, newest: 'r3' },
    ]);
  });

  it('a room set to mentions only notifies its mentions once, with their count; a room set to nothing, never', () => {
    const porch = { kind: 'room' as const, jid: 'porch@rooms.capulet.lit' };
    const hall = { kind: 'room' as const, jid: 'hall@rooms.capulet.lit' };
    const said = (conversation: ConversationRef, body: string, mentionsMe = false) =>
      msg({ conversation, sender: { nick: 'Nurse' }, from: `${conversation.jid}/Nurse`, body, ...(mentionsMe ? { mentionsMe } : {}) });
    const messages = [
      said(porch, 'plain'),
      said(porch, 'Juliet!', true),
      said(hall, 'Juliet?', true),
      said(porch, 'more plain'),
      said(porch, 'Juliet, come', true),
    ];
    expect(run(messages, { [key(porch)]: { mute: 'mentions' }, [key(hall)]: { mute: 'all' } })).toEqual([
      { conversation: porch, count: 2, newest: 'Juliet, come' },
    ]);
  });

  it('leaves out what MDS says was read elsewhere', () => {
    const read = [msg(), msg(), msg()];
    const unread = [msg({ body: 'after' })];
    expect(run([...read, ...unread], { [key(ROMEO)]: { readPoints: [{ stanzaId: read[2].stanzaId }] } })).toEqual([
      { conversation: ROMEO, count: 1, newest: 'after' },
    ]);
    expect(run(read, { [key(ROMEO)]: { readPoints: [{ stanzaId: read[2].stanzaId }] } })).toEqual([]);
  });

  it('takes the furthest of several read points, and our own marker via carbons', () => {
    const m = [msg(), msg(), msg(), msg()];
    const points = [{ stanzaId: m[2].stanzaId }, { stanzaId: m[0].stanzaId }];
    expect(run(m, { [key(ROMEO)]: { readPoints: points } })).toEqual([{ conversation: ROMEO, count: 1, newest: m[3].body }]);
    expect(run(m, { [key(ROMEO)]: { readPoints: [{ messageId: m[3].id }] } })).toEqual([]);
  });

  it('counts our own later message as having read everything before it', () => {
    const m = [msg(), msg(), msg({ direction: 'out' }), msg({ body: 'reply to my reply' })];
    expect(run(m)).toEqual([{ conversation: ROMEO, count: 1, newest: 'reply to my reply' }]);
  });

  it('a read point older than everything collected leaves all of it unread', () => {
    expect(run([msg(), msg()], { [key(ROMEO)]: { readPoints: [{ stanzaId: 'long-ago' }] } })).toEqual([
      { conversation: ROMEO, count: 2, newest: expect.any(String) },
    ]);
  });

  it('honours a read time known from history', () => {
    const m = [msg(), msg()];
    expect(run(m, { [key(ROMEO)]: { readAt: m[0].timestamp } })).toEqual([{ conversation: ROMEO, count: 1, newest: m[1].body }]);
  });

  it('counts a message delivered twice (offline storage and archive) once', () => {
    const live = msg({ via: 'live' });
    const archived = { ...live, via: 'archive' as const };
    expect(run([live, archived])).toEqual([{ conversation: ROMEO, count: 1, newest: live.body }]);
  });

  it('gives nothing for muted conversations, under Do Not Disturb, or while reading', () => {
    const m = [msg(), msg({ conversation: NURSE })];
    expect(run(m, { [key(ROMEO)]: { mute: 'all' } })).toEqual([{ conversation: NURSE, count: 1, newest: m[1].body }]);
    expect(run(m, {}, 'dnd')).toEqual([]);
    expect(run(m, { [key(NURSE)]: { readingNow: true } })).toEqual([{ conversation: ROMEO, count: 1, newest: m[0].body }]);
  });

  it('in mentions-only conversations counts only the mentions', () => {
    const m = [
      { ...msg(), mentionsMe: false },
      { ...msg(), mentionsMe: true },
      { ...msg(), mentionsMe: false },
    ];
    expect(run(m, { [key(ROMEO)]: { mute: 'mentions' } })).toEqual([{ conversation: ROMEO, count: 1, newest: m[1].body }]);
  });
});

describe('notificationContent', () => {
  const long = 'x'.repeat(200);
  it.each<[NotificationPrivacy, string, number, { title: string; body: string }]>([
    ['sender-and-text', 'Hello', 1, { title: 'Romeo', body: 'Hello' }],
    ['sender-and-text', 'Hello', 3, { title: 'Romeo', body: '3 new messages\nHello' }],
    ['sender', 'Hello', 1, { title: 'Romeo', body: 'New message' }],
    ['sender', 'Hello', 2, { title: 'Romeo', body: '2 new messages' }],
    ['nothing', 'Hello', 1, { title: 'Glance', body: 'New message' }],
    ['nothing', 'Hello', 5, { title: 'Glance', body: '5 new messages' }],
  ])('%s, %j ×%i', (privacy, body, count, expected) => {
    expect(notificationContent({ privacy, displayName: 'Romeo', body, count })).toEqual(expected);
  });

  it('truncates the text to 120 characters with an ellipsis', () => {
    const { body } = notificationContent({ privacy: 'sender-and-text', displayName: 'Romeo', body: long, count: 1 });
    expect(body).toBe(`${'x'.repeat(119)}…`);
    expect([...body]).toHaveLength(120);
  });

  it('keeps text of exactly 120 characters whole', () => {
    expect(notificationContent({ privacy: 'sender-and-text', displayName: 'R', body: 'y'.repeat(120), count: 1 }).body).toBe('y'.repeat(120));
  });

  it('never splits an emoji or a combined character', () => {
    const family = '👨‍👩‍👧';
    const text = truncate(`${'a'.repeat(118)}${family}${family}`, 120);
    expect(text).toBe(`${'a'.repeat(118)}…`);
    expect(truncate(`${'é'.repeat(130)}`, 10)).toBe(`${'é'.repeat(9)}…`);
  });

  it('makes one line of the text and drops control and bidi-override characters', () => {
    const { title, body } = notificationContent({ privacy: 'sender-and-text', displayName: 'Ro\u202emeo', body: 'line one\n\n  line\u0007 two', count: 1 });
    expect(title).toBe('Romeo');
    expect(body).toBe('line one line two');
  });

  it('shows markup literally (it is text, never HTML)', () => {
    expect(notificationContent({ privacy: 'sender-and-text', displayName: 'R', body: '<img src=x onerror=alert(1)>', count: 1 }).body).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('falls back to the app name for an empty display name, and to "New message" for an empty text', () => {
    expect(notificationContent({ privacy: 'sender-and-text', displayName: '  ', body: ' ', count: 1 })).toEqual({ title: 'Glance', body: 'New message' });
  });

  it('uses the texts it is given', () => {
    const texts = { appName: 'Glance', newMessages: (n: number) => `${n} 条新消息` };
    expect(notificationContent({ privacy: 'nothing', displayName: 'R', body: 'x', count: 2, texts }).body).toBe('2 条新消息');
  });
});

describe('NotificationTracker', () => {
  function setup(overrides: Partial<TrackerEnvironment> = {}) {
    const effects: NotificationEffect[] = [];
    const state = { reading: undefined as ConversationRef | undefined, presence: 'available' as 'available' | 'dnd', muted: new Set<string>() };
    const tracker = new NotificationTracker(
      {
        mute: (c) => (state.muted.has(key(c)) ? 'all' : 'none'),
        readingNow: (c) => sameConversation(state.reading, c),
        presence: () => state.presence,
        privacy: () => 'sender-and-text',
        displayName: (c) => (sameConversation(c, ROMEO) ? 'Romeo' : c.jid),
        ...overrides,
      },
      (effect) => effects.push(effect),
    );
    const take = () =>
      effects
        .splice(0)
        .map((e) =>
          e.kind === 'close'
            ? `close ${key(e.conversation)}`
            : `show ${key(e.intent.conversation)} ×${e.intent.count}${e.intent.silent ? ' silent' : ''}: ${e.intent.body}`,
        );
    return { tracker, state, effects, take };
  }

  function online() {
    const s = setup();
    s.tracker.sessionStarted();
    s.tracker.mdsFetched();
    return s;
  }

  it('shows one notification per conversation, replaced with the count as messages arrive', () => {
    const { tracker, take, effects } = online();
    tracker.messages([msg({ body: 'hi' })]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: hi`]);
    for (let i = 0; i < 9; i++) tracker.messages([msg({ body: `more ${i}` })]);
    const shown = effects.splice(0);
    expect(shown).toHaveLength(9);
    expect(shown.at(-1)).toMatchObject({ kind: 'show', intent: { conversation: ROMEO, count: 10, title: 'Romeo', body: '10 new messages\nmore 8' } });
    expect(tracker.showing()).toEqual(new Map([[key(ROMEO), 10]]));
  });

  it('a correction updates the notification showing its message quietly; a retraction takes it out, closing when nothing is left', () => {
    const { tracker, take } = online();
    const first = msg({ body: 'helo', id: 'm1' });
    const action = {
      conversation: ROMEO,
      direction: 'in' as const,
      sender: { jid: ROMEO.jid },
      from: `${ROMEO.jid}/balcony`,
      timestamp: 2_000_000,
      via: 'live' as const,
    };
    tracker.observeHistory([{ seq: 1, kind: 'message', message: first }]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: helo`]);
    tracker.observeHistory([{ seq: 2, kind: 'correction', correction: { ...action, target: 'm1', id: 'c1', body: 'hello' } }]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1 silent: hello`]);
    // a correction of something the notification does not stand for, or our own, changes nothing
    tracker.observeHistory([{ seq: 3, kind: 'correction', correction: { ...action, target: 'other', id: 'c2', body: 'x' } }]);
    tracker.observeHistory([{ seq: 4, kind: 'retraction', retraction: { ...action, direction: 'out', target: 'm1', id: 'x0' } }]);
    expect(take()).toEqual([]);
    tracker.observeHistory([{ seq: 5, kind: 'message', message: msg({ body: 'second', id: 'm2' }) }]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×2: 2 new messages\nsecond`]);
    tracker.observeHistory([{ seq: 6, kind: 'retraction', retraction: { ...action, target: 'm2', id: 'x1' } }]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1 silent: hello`]);
    tracker.observeHistory([{ seq: 7, kind: 'retraction', retraction: { ...action, target: 'm1', id: 'x2' } }]);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
  });

  it('a reaction to one of our messages notifies, unless from the archive, taking reactions away, while reading, or with the setting off', () => {
    let notifyReactions = true;
    const { tracker, take, state } = (() => {
      const s = setup({ notifyReactions: () => notifyReactions });
      s.tracker.sessionStarted();
      s.tracker.mdsFetched();
      return s;
    })();
    tracker.ownMessage(ROMEO, 1_000, 'mine');
    const reaction = (emojis: string[], target = 'mine', via: 'live' | 'archive' = 'live') => ({
      seq: 0,
      kind: 'reaction' as const,
      reaction: {
        conversation: ROMEO,
        target,
        direction: 'in' as const,
        sender: { jid: ROMEO.jid },
        from: `${ROMEO.jid}/x`,
        id: `r${seq++}`,
        timestamp: 2_000_000 + seq,
        via,
        emojis,
      },
    });
    tracker.observeHistory([reaction(['👍'], 'mine', 'archive'), reaction([]), reaction(['👍'], 'theirs')]);
    expect(take()).toEqual([]);
    state.reading = ROMEO;
    tracker.observeHistory([reaction(['👍'])]);
    expect(take()).toEqual([]);
    state.reading = undefined;
    notifyReactions = false;
    tracker.observeHistory([reaction(['👍'])]);
    expect(take()).toEqual([]);
    notifyReactions = true;
    tracker.observeHistory([reaction(['👍', '❤️'])]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: Reacted 👍 ❤️ to your message`]);
  });

  it('counts a message once when an archive walk that began just after it brings it again', () => {
    const { tracker, take } = online();
    const live = msg({ body: 'first words' });
    tracker.messages([live]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: first words`]);
    tracker.holdForCatchUp();
    tracker.messages([{ ...live, via: 'archive' }]);
    tracker.releaseCatchUp();
    expect(take()).toEqual([]);
    tracker.messages([{ ...live, via: 'live' }, msg({ body: 'second' })]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×2: 2 new messages\nsecond`]);
  });

  it('one batch gives one show per conversation, pointing at its oldest message', () => {
    const { tracker, effects } = online();
    const batch = [msg(), msg(), msg({ conversation: NURSE }), msg()];
    tracker.messages(batch);
    expect(effects.map((e) => e.kind === 'show' && [e.intent.conversation, e.intent.count, e.intent.at])).toEqual([
      [ROMEO, 3, { stanzaId: batch[0].stanzaId, clientId: batch[0].id, timestamp: batch[0].timestamp }],
      [NURSE, 1, { stanzaId: batch[2].stanzaId, clientId: batch[2].id, timestamp: batch[2].timestamp }],
    ]);
  });

  it('takes a history batch in arrival order: a burst notifies once, a later read point or our own reply closes', () => {
    const { tracker, take } = online();
    const [first, second] = [msg({ body: 'one' }), msg({ body: 'two' })];
    const third = msg({ conversation: NURSE, body: 'three' });
    tracker.observeHistory([
      { seq: 1, kind: 'message', message: first },
      { seq: 2, kind: 'status', status: { conversation: ROMEO, id: 'ours', status: 'delivered', at: 1 } },
      { seq: 3, kind: 'message', message: second },
      { seq: 4, kind: 'readPoint', readPoint: { conversation: ROMEO, stanzaId: first.stanzaId, source: 'mds' } },
      { seq: 5, kind: 'message', message: third },
      { seq: 6, kind: 'message', message: msg({ conversation: NURSE, direction: 'out', body: 'answer', timestamp: third.timestamp + 1 }) },
    ]);
    expect(take()).toEqual([
      `show ${key(ROMEO)} ×2: 2 new messages\ntwo`,
      `show ${key(ROMEO)} ×1 silent: two`,
      `show ${key(NURSE)} ×1: three`,
      `close ${key(NURSE)}`,
    ]);
  });

  it('closes the notification when the conversation is read here, by MDS, or by our own marker', () => {
    for (const point of ['stanzaId', 'messageId'] as const) {
      const { tracker, take } = online();
      const m = [msg(), msg()];
      tracker.messages(m);
      take();
      tracker.readPoints([{ conversation: ROMEO, [point]: point === 'stanzaId' ? m[1].stanzaId : m[1].id }]);
      expect(take()).toEqual([`close ${key(ROMEO)}`]);
      expect(tracker.showing().size).toBe(0);
    }
  });

  it('reading part of it updates the count quietly', () => {
    const { tracker, take } = online();
    const m = [msg({ body: 'a' }), msg({ body: 'b' }), msg({ body: 'c' })];
    tracker.messages(m);
    take();
    tracker.readPoints([{ conversation: ROMEO, stanzaId: m[0].stanzaId }]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×2 silent: 2 new messages\nc`]);
  });

  it('a read point for a message not seen yet closes it, and that message will not notify', () => {
    const { tracker, take } = online();
    tracker.messages([msg()]);
    take();
    tracker.readPoints([{ conversation: ROMEO, stanzaId: 'S-next' }]);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
    tracker.messages([msg({ stanzaId: 'S-next' })]);
    expect(take()).toEqual([]);
  });

  it('our own message (from here or another device) closes it', () => {
    const { tracker, take } = online();
    tracker.messages([msg()]);
    take();
    tracker.messages([msg({ direction: 'out', via: 'carbon' })]);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
    tracker.messages([msg()]);
    take();
    tracker.ownMessage(ROMEO, Date.now() * 2);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
  });

  it('gives nothing while muted, under Do Not Disturb, or while the conversation is being read', () => {
    const { tracker, state, take } = online();
    state.muted.add(key(ROMEO));
    tracker.messages([msg()]);
    state.muted.clear();
    state.presence = 'dnd';
    tracker.messages([msg()]);
    state.presence = 'available';
    state.reading = ROMEO;
    tracker.messages([msg()]);
    expect(take()).toEqual([]);
  });

  it('after being offline: holds everything until MDS, then one per conversation without what was read elsewhere', () => {
    const { tracker, take } = setup();
    tracker.sessionStarted();
    const readOnPhone = [msg(), msg()];
    const nurse = [msg({ conversation: NURSE, body: 'n1' }), msg({ conversation: NURSE, body: 'n2' })];
    tracker.messages([...readOnPhone, ...nurse]);
    expect(take()).toEqual([]);
    tracker.readPoints([
      { conversation: ROMEO, stanzaId: readOnPhone[1].stanzaId },
      { conversation: NURSE, stanzaId: 'older-than-all' },
    ]);
    expect(take()).toEqual([]);
    tracker.mdsFetched();
    expect(take()).toEqual([`show ${key(NURSE)} ×2: 2 new messages\nn2`]);
    // Live again: the next message notifies at once.
    tracker.messages([msg({ body: 'live' })]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: live`]);
  });

  it('the session-start state does not close a notification it cannot place; a later change does', () => {
    const { tracker, take } = online();
    tracker.messages([msg()]);
    take();
    tracker.sessionStarted();
    tracker.readPoints([{ conversation: ROMEO, stanzaId: 'ancient' }]);
    expect(take()).toEqual([]);
    tracker.mdsFetched();
    expect(take()).toEqual([]);
    tracker.readPoints([{ conversation: ROMEO, stanzaId: 'brand-new' }]);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
  });

  it('does not notify archive backlog already covered by the read point', () => {
    const { tracker, take } = online();
    const old = msg({ via: 'archive' });
    tracker.readPoints([{ conversation: ROMEO, stanzaId: old.stanzaId }]);
    tracker.messages([old]);
    expect(take()).toEqual([]);
  });

  it('keeps a chat and a room at the same address apart', () => {
    const { tracker, take } = online();
    const room = { kind: 'room', jid: ROMEO.jid } as const;
    tracker.messages([msg({ body: 'in private' }), msg({ conversation: room, body: 'in the hall' })]);
    expect(take()).toEqual([`show ${key(ROMEO)} ×1: in private`, 'show room:romeo@montague.lit ×1: in the hall']);
    tracker.readPoints([{ conversation: room }]);
    expect(take()).toEqual(['close room:romeo@montague.lit']);
    expect(tracker.showing()).toEqual(new Map([[key(ROMEO), 1]]));
  });

  it('dismiss and reset close what is showing', () => {
    const { tracker, take } = online();
    tracker.messages([msg(), msg({ conversation: NURSE })]);
    take();
    tracker.dismiss(ROMEO);
    expect(take()).toEqual([`close ${key(ROMEO)}`]);
    tracker.reset();
    expect(take()).toEqual([`close ${key(NURSE)}`]);
  });

  it('honours the privacy setting', () => {
    const { tracker, effects } = setup({ privacy: () => 'nothing' });
    tracker.sessionStarted();
    tracker.mdsFetched();
    tracker.messages([msg({ body: 'secret' })]);
    expect(effects[0]).toMatchObject({ kind: 'show', intent: { title: 'Glance', body: 'New message' } });
  });
});
