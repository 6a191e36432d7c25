import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import { lastStanzaName } from '../../src-renderer/history/meta-names';
import type { MessageRowV4 } from '../../src-renderer/history/migrations/v1-to-v4';
import { declareSchema, SCHEMA_VERSION } from '../../src-renderer/history/schema';
import { ALICE, BOB, historyTest as it, ME, wire } from '../support/fixtures/history';

describe('the outbox query', () => {
  it('lists pending outgoing rows oldest first, up to a creation time, and forgets them once they move on', async ({ open }) => {
    const h = await open();
    const a = await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'id-a', body: 'a', timestamp: 300 });
    const b = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'id-b', body: 'b', timestamp: 100 });
    const c = await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'id-c', body: 'c', timestamp: 100 });
    await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'id-d', body: 'd', timestamp: 900 });
    await h.storeWireMessages([wire({ body: 'incoming', timestamp: 50 })]);
    expect((await h.pendingOutgoing()).map((m) => m.body)).toEqual(['b', 'c', 'a', 'd']);
    expect((await h.pendingOutgoing(300)).map((m) => m.body)).toEqual(['b', 'c', 'a']);
    expect((await h.pendingOutgoing(300))[0]).not.toHaveProperty('outboxAt');

    await h.setStatus(b.key, 'sent');
    await h.applyStatuses([{ conversation: chatWith(BOB), id: 'id-c', status: 'failed', at: 2, error: 'x' }]);
    expect((await h.pendingOutgoing(300)).map((m) => m.body)).toEqual(['a']);
    // a retry puts a failed row back in the outbox
    await h.setStatus(c.key, 'pending');
    expect((await h.pendingOutgoing(300)).map((m) => m.body)).toEqual(['c', 'a']);
    // the archive bringing our message back (with a stanza-id) means the server has it
    await h.storeWireMessages([
      wire({
        conversation: chatWith(BOB),
        direction: 'out',
        from: `${ME}/desktop`,
        originId: 'id-a',
        stanzaId: 'S-a',
        body: 'a',
        timestamp: 300,
        via: 'archive',
      }),
    ]);
    expect((await h.pendingOutgoing(300)).map((m) => m.body)).toEqual(['c']);
    expect(await h.message(a.key)).toMatchObject({ status: 'sent', stanzaId: 'S-a' });
  });
});

describe('the newest stanza-id', () => {
  it('is the newest stored message with one, by timestamp then arrival, and only moves forward', async ({ open }) => {
    const h = await open();
    expect(await h.lastStanzaId()).toBeUndefined();
    await h.storeWireMessages([
      wire({ stanzaId: 'S2', timestamp: 2_000 }),
      wire({ stanzaId: 'S1', timestamp: 1_000 }),
      wire({ id: 'no-stanza', timestamp: 9_000 }),
    ]);
    expect(await h.lastStanzaId()).toBe('S2');
    // archive backfill of older messages does not move it back
    await h.storeWireMessages([wire({ conversation: chatWith(BOB), from: BOB, stanzaId: 'S0', timestamp: 500, via: 'archive' })]);
    expect(await h.lastStanzaId()).toBe('S2');
    // equal timestamps: the later arrival
    await h.storeWireMessages([wire({ stanzaId: 'S3', timestamp: 2_000 })]);
    expect(await h.lastStanzaId()).toBe('S3');
    // a stored row that gains a stanza-id (our message coming back from the archive) counts
    await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'mine-1', body: 'mine', timestamp: 5_000 });
    await h.storeWireMessages([
      wire({
        conversation: chatWith(BOB),
        direction: 'out',
        from: `${ME}/x`,
        originId: 'mine-1',
        stanzaId: 'S9',
        body: 'mine',
        timestamp: 5_000,
        via: 'archive',
      }),
    ]);
    expect(await h.lastStanzaId()).toBe('S9');
  });

  it('is kept per archive: a room’s stanza-ids move only the room’s', async ({ open }) => {
    const h = await open();
    const ROOM = 'team@rooms.example.org';
    await h.storeWireMessages([
      wire({ stanzaId: 'S1', timestamp: 1_000 }),
      wire({ conversation: roomAt(ROOM), from: `${ROOM}/carol`, sender: { nick: 'carol' }, stanzaId: 'R7', stanzaIdBy: ROOM, timestamp: 2_000 }),
    ]);
    expect(await h.lastStanzaId()).toBe('S1');
    expect(await h.lastStanzaId(ME)).toBe('S1');
    expect(await h.lastStanzaId(ROOM)).toBe('R7');
    // our own pending message to the room resumes the room's archive, not ours
    await h.addOutgoing({ conversation: roomAt(ROOM), from: ME, id: 'to-room', body: 'hi all', timestamp: 2_100 });
    await h.storeWireMessages([
      wire({ conversation: roomAt(ROOM), from: `${ROOM}/carol`, sender: { nick: 'carol' }, stanzaId: 'R8', stanzaIdBy: ROOM, timestamp: 3_000 }),
    ]);
    expect(await h.resumeStanzaId(ROOM)).toBe('R7');
    expect(await h.resumeStanzaId()).toBe('S1');
  });
});

describe('where archive sync resumes', () => {
  it('is the newest stanza-id, or the one the oldest pending message was written after', async ({ open }) => {
    const h = await open();
    const first = await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'before-any', body: 'written before any stanza-id', timestamp: 500 });
    expect(await h.resumeStanzaId()).toBeUndefined();
    await h.storeWireMessages([wire({ stanzaId: 'S1', timestamp: 1_000 })]);
    // a pending row written before history held a stanza-id does not pull the sync back to nothing
    expect(await h.resumeStanzaId()).toBe('S1');
    const a = await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'out-a', body: 'a', timestamp: 1_100 });
    await h.storeWireMessages([wire({ stanzaId: 'S2', timestamp: 2_000 })]);
    const b = await h.addOutgoing({ conversation: chatWith(BOB), from: ME, id: 'out-b', body: 'b', timestamp: 2_100 });
    await h.storeWireMessages([wire({ stanzaId: 'S3', timestamp: 3_000 })]);
    expect(await h.lastStanzaId()).toBe('S3');
    // a may be in the archive, unacknowledged, right after S1
    expect(await h.resumeStanzaId()).toBe('S1');
    await h.applyStatuses([{ conversation: chatWith(BOB), id: 'out-a', status: 'sent', at: 3_100 }]);
    expect(await h.resumeStanzaId()).toBe('S2');
    await h.setStatus(b.key, 'failed', 'x');
    expect(await h.resumeStanzaId()).toBe('S3');
    expect(await h.message(a.key)).not.toHaveProperty('writtenAfter');
    expect((await h.pendingOutgoing()).map((m) => m.key)).toEqual([first.key]);
  });
});

describe('the sync gap', () => {
  it('is kept until cleared, with or without a starting point', async ({ open }) => {
    const factory = new IDBFactory();
    const h = await open(factory, 'gap');
    expect(await h.syncGap()).toBeUndefined();
    await h.setSyncGap({});
    expect(await h.syncGap()).toEqual({});
    await h.setSyncGap({ after: 'S4' });
    h.close();
    const again = await open(factory, 'gap');
    expect(await again.syncGap()).toEqual({ after: 'S4' });
    await again.setSyncGap(undefined);
    expect(await again.syncGap()).toBeUndefined();
    // each archive has its own
    await again.setSyncGap({ after: 'R1' }, 'team@rooms.example.org');
    expect(await again.syncGap()).toBeUndefined();
    expect(await again.syncGap('team@rooms.example.org')).toEqual({ after: 'R1' });
  });

  it("keeps a catch-up's slice progress with its messages, gives it back for the same starting point, and drops it with the gap", async ({ open }) => {
    const factory = new IDBFactory();
    const h = await open(factory, 'slices');
    await h.setSyncGap({ after: 'S4' });
    const slices = [
      { after: 'S60', end: 5000, done: true },
      { start: 5000, after: 'S90' },
    ];
    await h.storeWireMessages(
      [],
      [
        { from: 'S4', slices: [{ after: 'S50', end: 5000 }, { start: 5000 }] },
        { from: 'S4', slices },
      ],
    );
    h.close();
    const again = await open(factory, 'slices');
    expect(await again.syncGap()).toEqual({ after: 'S4', slices });
    // Progress of another starting point is not this gap's.
    await again.storeWireMessages([], [{ from: 'S1', slices }]);
    expect(await again.syncGap()).toEqual({ after: 'S4' });
    await again.storeWireMessages([], [{ from: 'S4', slices }]);
    await again.setSyncGap(undefined);
    await again.setSyncGap({ after: 'S4' });
    expect(await again.syncGap()).toEqual({ after: 'S4' });
  });
});

describe('finding a message a notification or link names', () => {
  it('finds it by stanza-id, else by the sender’s id, else the nearest in time', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([
      wire({ id: 'm1', stanzaId: 'S1', body: 'one', timestamp: 1_000 }),
      wire({ id: 'm2', originId: 'o2', body: 'two', timestamp: 2_000 }),
      wire({ id: 'm3', body: 'three', timestamp: 3_000 }),
      wire({ conversation: chatWith(BOB), from: BOB, id: 'm3', stanzaId: 'SB', body: 'bob', timestamp: 3_000 }),
    ]);
    expect((await h.findMessage(chatWith(ALICE), { stanzaId: 'S1', timestamp: 0 }))?.body).toBe('one');
    // a stanza-id of another conversation is not this one's
    expect((await h.findMessage(chatWith(ALICE), { stanzaId: 'SB', clientId: 'o2', timestamp: 0 }))?.body).toBe('two');
    expect((await h.findMessage(chatWith(ALICE), { clientId: 'm3', timestamp: 0 }))?.body).toBe('three');
    expect((await h.findMessage(chatWith(ALICE), { stanzaId: 'unknown', timestamp: 2_400 }))?.body).toBe('two');
    expect((await h.findMessage(chatWith(ALICE), { timestamp: 2_500 }))?.body).toBe('three');
    expect((await h.findMessage(chatWith(ALICE), { timestamp: 99_999 }))?.body).toBe('three');
    expect((await h.findMessage(chatWith(ALICE), { timestamp: 0 }))?.body).toBe('one');
    expect(await h.findMessage(chatWith('nobody@example.org'), { timestamp: 1_000 })).toBeUndefined();
  });
});

describe('schema version 4', () => {
  it('puts pending rows of version 3 in the outbox and finds their newest stanza-id', async ({ open }) => {
    const factory = new IDBFactory();
    const v3 = new Dexie('v3', { indexedDB: factory, IDBKeyRange });
    declareSchema(v3, 3);
    await v3.open();
    const base = { peer: ALICE, sender: ME, from: `${ME}/d`, direction: 'out' as const, read: true };
    const rows: MessageRowV4[] = [
      { ...base, key: 'c:p1', id: 'p1', originId: 'p1', clientId: 'p1', body: 'waiting', timestamp: 200, order: 2, status: 'pending' },
      { ...base, key: 'c:p0', id: 'p0', originId: 'p0', clientId: 'p0', body: 'older', timestamp: 100, order: 1, status: 'pending' },
      { ...base, key: 's:S5', stanzaId: 'S5', body: 'sent', timestamp: 500, order: 3, status: 'sent' },
      {
        ...base,
        key: 's:S4',
        direction: 'in',
        sender: ALICE,
        from: ALICE,
        stanzaId: 'S4',
        body: 'in',
        timestamp: 500,
        order: 4,
        read: false,
        unreadPeer: ALICE,
      },
    ];
    await v3.table('messages').bulkAdd(rows);
    v3.close();

    const h = await open(factory, 'v3');
    expect((await h.pendingOutgoing()).map((m) => m.body)).toEqual(['older', 'waiting']);
    expect(await h.lastStanzaId()).toBe('S4');
    h.close();
    const raw = new Dexie('v3', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(await raw.table('meta').get(lastStanzaName(ME))).toEqual({ name: lastStanzaName(ME), value: 500, order: 4, stanzaId: 'S4' });
    raw.close();
  });
});
