import { describe, expect } from 'vitest';
import { chatWith, conversationKey } from '../../src-shared/conversation';
import type { WireMessage } from '../../src-shared/contract';
import type { History, StoredMessage } from '../../src-renderer/history';
import { MAX_PENDING_PER_CONVERSATION } from '../../src-renderer/history/read-point';
import { ALICE, BOB, historyTest as it, ME, wire } from '../support/fixtures/history';

/** Incoming message n of Alice: id mN, stanza-id SN, at time N. */
const msg = (n: number, fields: Partial<WireMessage> = {}) => wire({ id: `m${n}`, stanzaId: `S${n}`, body: `m${n}`, timestamp: n, markable: true, ...fields });

const rows = (h: History, jid = ALICE) => h.latest(chatWith(jid), 1_000);
const unreadBodies = async (h: History, jid = ALICE) => (await rows(h, jid)).filter((m) => !m.read).map((m) => m.body);
const unread = async (h: History, jid = ALICE) => (await h.conversations()).find((c) => c.conversation.jid === jid)?.unread;
const byBody = async (h: History, body: string): Promise<StoredMessage> => (await rows(h)).find((m) => m.body === body)!;

describe('markReadUpTo', () => {
  it('marks every incoming message up to the point read in one step and names the marker target', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([1, 2, 3, 4, 5].map((n) => msg(n)));
    const changes: string[][] = [];
    h.onChange((c) => changes.push(c.conversations));
    const advance = await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm4'));
    expect(advance).toEqual({ conversation: chatWith(ALICE), marked: 4, markerFor: 'm4', stanzaId: 'S4' });
    expect(changes).toEqual([[conversationKey(chatWith(ALICE))]]);
    expect(await unreadBodies(h)).toEqual(['m5']);
    expect(await unread(h)).toBe(1);
    // at or behind the read point: nothing, no event
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm4'))).toBeUndefined();
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm2'))).toBeUndefined();
    expect(changes).toHaveLength(1);
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm5'))).toEqual({ conversation: chatWith(ALICE), marked: 1, markerFor: 'm5', stanzaId: 'S5' });
    expect(await unread(h)).toBe(0);
  });

  it('targets the newest covered message that is markable and not from the archive', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([
      msg(1),
      msg(2, { via: 'carbon' }),
      msg(3, { markable: undefined }),
      msg(4, { via: 'archive' }),
      msg(5, { markable: undefined, stanzaId: undefined }),
    ]);
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm5'))).toEqual({ conversation: chatWith(ALICE), marked: 5, markerFor: 'm2', stanzaId: 'S4' });
    await h.storeWireMessages([msg(6, { markable: undefined }), msg(7, { via: 'archive' })]);
    // nothing covered asks for a marker: none, but the stanza-id still syncs our devices
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm7'))).toEqual({ conversation: chatWith(ALICE), marked: 2, stanzaId: 'S7' });
  });

  it('keeps the first copy’s via: an archive-first message stays without a marker', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(1, { via: 'archive' })]);
    await h.storeWireMessages([msg(1, { via: 'live' })]);
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm1'))).toEqual({ conversation: chatWith(ALICE), marked: 1, stanzaId: 'S1' });
  });

  it('leaves other conversations and our own messages alone', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(1), msg(2, { conversation: chatWith(BOB), from: `${BOB}/x` })]);
    await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm1'));
    expect(await unread(h, BOB)).toBe(1);
  });
});

describe('read point from our own messages', () => {
  it('a message we sent from another device reads everything before it, and nothing after', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(1), msg(2), msg(4)]);
    await h.storeWireMessages([wire({ direction: 'out', from: `${ME}/phone`, id: 'p1', body: 'from phone', timestamp: 3, via: 'carbon' })]);
    expect(await unreadBodies(h)).toEqual(['m4']);
    expect(await unread(h)).toBe(1);
    // the core is never asked for a marker for those: markReadUpTo finds nothing new behind the point
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm2'))).toBeUndefined();
  });

  it('so does our own message coming from the archive (a first sync on a new device)', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([
      msg(1, { via: 'archive' }),
      wire({ direction: 'out', from: `${ME}/x`, stanzaId: 'SO', body: 'old reply', timestamp: 2, via: 'archive' }),
      msg(3, { via: 'archive' }),
    ]);
    expect(await unreadBodies(h)).toEqual(['m3']);
  });

  it('a message sent here does not: the read rule knows what was seen here', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(1), msg(2)]);
    const out = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'o1', body: 'reply', timestamp: 3 });
    expect(await unread(h)).toBe(2);
    // nor does its archive copy merging into it later
    await h.storeWireMessages([
      wire({ direction: 'out', from: `${ME}/desk`, id: 'o1', originId: 'o1', stanzaId: 'SX', body: 'reply', timestamp: 3, via: 'archive' }),
    ]);
    expect(await unread(h)).toBe(2);
    expect((await rows(h)).find((m) => m.key === out.key)).toMatchObject({ status: 'sent', stanzaId: 'SX' });
    // seeing m2 later still sends its marker
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm2'))).toMatchObject({ marked: 2, markerFor: 'm2' });
  });

  it('archive backfill behind the read point is stored read', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(10), msg(20)]);
    await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm20'));
    await h.storeWireMessages([msg(5, { via: 'archive' }), msg(15, { via: 'archive' }), msg(25, { via: 'archive' })]);
    expect(await unreadBodies(h)).toEqual(['m25']);
    expect(await unread(h)).toBe(1);
    expect((await h.firstUnread(chatWith(ALICE)))?.body).toBe('m25');
  });
});

describe('applyReadPoints', () => {
  it('moves the read point forward by stanza-id (MDS) or by Alice’s message id (our carbon marker)', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([1, 2, 3, 4].map((n) => msg(n)));
    await h.applyReadPoints([{ conversation: chatWith(ALICE), stanzaId: 'S2', source: 'mds' }]);
    expect(await unreadBodies(h)).toEqual(['m3', 'm4']);
    // an older point changes nothing
    await h.applyReadPoints([{ conversation: chatWith(ALICE), stanzaId: 'S1', source: 'mds' }]);
    expect(await unread(h)).toBe(2);
    await h.applyReadPoints([{ conversation: chatWith(ALICE), messageId: 'm4', source: 'carbon-marker' }]);
    expect(await unread(h)).toBe(0);
    // the local read point moved too: seeing m3 now is not news
    expect(await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm3'))).toBeUndefined();
  });

  it('keeps a point whose message is not here yet and applies it when the archive brings it', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([msg(1), msg(5)]);
    await h.applyReadPoints([
      { conversation: chatWith(ALICE), stanzaId: 'S3', source: 'mds' },
      { conversation: chatWith(ALICE), messageId: 'm4', source: 'carbon-marker' },
    ]);
    expect(await unread(h)).toBe(2);
    await h.storeWireMessages([msg(3, { via: 'archive' })]);
    expect(await unreadBodies(h)).toEqual(['m5']);
    await h.storeWireMessages([msg(4, { via: 'archive' })]);
    expect(await unreadBodies(h)).toEqual(['m5']);
    expect(await unread(h)).toBe(1);
    // applied points are forgotten: another copy of m3 changes nothing
    await h.markReadUpTo(chatWith(ALICE), await byBody(h, 'm5'));
    await h.storeWireMessages([msg(6)]);
    await h.storeWireMessages([msg(3, { via: 'carbon' })]);
    expect(await unreadBodies(h)).toEqual(['m6']);
  });

  it('matches a stanza-id only from the archive that assigned it', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([1, 2, 3].map((n) => msg(n)));
    // the same id from another archive names another message: kept, not applied
    await h.applyReadPoints([{ conversation: chatWith(ALICE), stanzaId: 'S2', stanzaIdBy: 'team@rooms.example.org', source: 'mds' }]);
    expect(await unread(h)).toBe(3);
    await h.applyReadPoints([{ conversation: chatWith(ALICE), stanzaId: 'S2', stanzaIdBy: ME, source: 'mds' }]);
    expect(await unreadBodies(h)).toEqual(['m3']);
    // a kept point waits for its own archive's message
    await h.applyReadPoints([{ conversation: chatWith(ALICE), stanzaId: 'S5', stanzaIdBy: ME, source: 'mds' }]);
    await h.storeWireMessages([msg(5, { stanzaIdBy: 'elsewhere@example.org' })]);
    expect(await unreadBodies(h)).toEqual(['m3', 'm5']);
    await h.storeWireMessages([msg(6, { stanzaId: 'S5', stanzaIdBy: ME, via: 'archive' })]);
    expect(await unreadBodies(h)).toEqual([]);
  });

  it('does not match a point against another conversation or our own message id', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([
      msg(1, { conversation: chatWith(BOB), from: BOB }),
      wire({ direction: 'out', from: ME, id: 'm2', body: 'ours', timestamp: 2 }),
      msg(3),
    ]);
    await h.applyReadPoints([
      { conversation: chatWith(ALICE), stanzaId: 'S1', source: 'mds' },
      { conversation: chatWith(ALICE), messageId: 'm2', source: 'carbon-marker' },
    ]);
    expect(await unread(h, BOB)).toBe(1);
    expect(await unread(h)).toBe(1);
  });

  it(`keeps at most ${MAX_PENDING_PER_CONVERSATION} unmatched points per conversation, dropping the oldest`, async ({ open }) => {
    const h = await open();
    const points = Array.from({ length: MAX_PENDING_PER_CONVERSATION + 2 }, (_, i) => ({
      conversation: chatWith(ALICE),
      stanzaId: `X${i}`,
      source: 'mds' as const,
    }));
    for (const point of points) await h.applyReadPoints([point]);
    await h.storeWireMessages([msg(1, { stanzaId: 'X0' }), msg(2)]);
    expect(await unread(h)).toBe(2); // X0 was dropped
    await h.storeWireMessages([msg(3, { stanzaId: `X${MAX_PENDING_PER_CONVERSATION + 1}` }), msg(4)]);
    expect(await unreadBodies(h)).toEqual(['m4']);
  });
});

describe('applyStatuses', () => {
  async function sent(h: History, ids: string[]) {
    for (const [i, id] of ids.entries()) await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id, body: id, timestamp: 100 + i });
  }
  const status = async (h: History) => Object.fromEntries((await rows(h)).filter((m) => m.direction === 'out').map((m) => [m.body, m.status]));

  it('moves forward only and keeps the time of each step', async ({ open }) => {
    const h = await open();
    await sent(h, ['a']);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'a', status: 'sent', at: 1_000 }]);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'a', status: 'delivered', at: 2_000 }]);
    await h.applyStatuses([
      { conversation: chatWith(ALICE), id: 'a', status: 'sent', at: 3_000 },
      { conversation: chatWith(ALICE), id: 'a', status: 'failed', at: 3_000, error: 'x' },
    ]);
    expect(await byBody(h, 'a')).toMatchObject({ status: 'delivered', statusTimes: { sent: 1_000, delivered: 2_000 } });
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'a', status: 'read', at: 4_000 }]);
    expect((await byBody(h, 'a')).statusTimes).toEqual({ sent: 1_000, delivered: 2_000, read: 4_000 });
  });

  it('read covers every earlier outgoing message but not failed ones or later ones', async ({ open }) => {
    const h = await open();
    await sent(h, ['a', 'b', 'c', 'd', 'e']);
    await h.applyStatuses([
      { conversation: chatWith(ALICE), id: 'a', status: 'delivered', at: 1 },
      { conversation: chatWith(ALICE), id: 'b', status: 'failed', at: 1, error: 'service-unavailable' },
      { conversation: chatWith(ALICE), id: 'c', status: 'sent', at: 1 },
    ]);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'd', status: 'read', at: 9 }]);
    expect(await status(h)).toEqual({ a: 'read', b: 'failed', c: 'read', d: 'read', e: 'pending' });
    expect((await byBody(h, 'a')).statusTimes).toEqual({ delivered: 1, read: 9 });
  });

  it('ignores unknown ids, other conversations and incoming messages, without change events', async ({ open }) => {
    const h = await open();
    await sent(h, ['a']);
    await h.storeWireMessages([msg(1, { id: 'b' })]);
    const changes: string[][] = [];
    h.onChange((c) => changes.push(c.conversations));
    await h.applyStatuses([
      { conversation: chatWith(ALICE), id: 'nope', status: 'read', at: 1 },
      { conversation: chatWith(BOB), id: 'a', status: 'read', at: 1 },
      { conversation: chatWith(ALICE), id: 'b', status: 'delivered', at: 1 },
    ]);
    expect(await status(h)).toEqual({ a: 'pending' });
    expect((await byBody(h, 'm1')).status).toBeUndefined();
    expect(changes).toEqual([]);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'a', status: 'failed', at: 1, error: 'remote-server-not-found' }]);
    expect(await byBody(h, 'a')).toMatchObject({ status: 'failed', error: 'remote-server-not-found' });
    expect(changes).toEqual([[conversationKey(chatWith(ALICE))]]);
  });

  it('finds messages sent from another device by their message id', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ direction: 'out', from: `${ME}/phone`, id: 'ph1', originId: 'other', body: 'phone', timestamp: 5, via: 'carbon' })]);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'ph1', status: 'delivered', at: 7 }]);
    expect(await byBody(h, 'phone')).toMatchObject({ status: 'delivered', statusTimes: { delivered: 7 } });
  });
});
