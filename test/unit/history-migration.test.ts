import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { openHistory } from '../../src-renderer/history';
import { declareSchema, SCHEMA_VERSION, type ConversationRecord, type MessageRow, type MessageRowV1 } from '../../src-renderer/history/schema';

const ALICE = 'alice@example.org';
const ME = 'me@example.org';

describe('an upgrade blocked by an older window', () => {
  it('says so, waits, and opens (migrated) once the older one lets go', async () => {
    const factory = new IDBFactory();
    const older = new Dexie('blocked', { indexedDB: factory, IDBKeyRange });
    declareSchema(older, 1);
    // An older release that does not close when asked to (Dexie's default would).
    older.on('versionchange', () => false);
    await older.open();
    await older.table('messages').add({ key: 's:S1', peer: ALICE, direction: 'in', from: `${ALICE}/phone`, stanzaId: 'S1', body: 'kept', timestamp: 100, read: false });
    const onBlocked = vi.fn();
    const opening = openHistory({ name: 'blocked', indexedDB: factory, IDBKeyRange, onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    older.close();
    const history = await opening;
    expect((await history.latest(ALICE, 10)).map((m) => m.body)).toEqual(['kept']);
    history.close();
  });
});

describe('schema migration', () => {
  it('opens a version 1 database with data and migrates its rows to the current version', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('migrate', { indexedDB: factory, IDBKeyRange });
    declareSchema(v1, 1);
    await v1.open();
    expect(v1.verno).toBe(1);
    const rows: MessageRowV1[] = [
      { key: 's:S1', peer: ALICE, direction: 'in', from: `${ALICE}/Phone`, stanzaId: 'S1', originId: 'o1', body: 'first', timestamp: 100, read: true },
      { key: 's:S3', peer: ALICE, direction: 'in', from: `${ALICE}/phone`, stanzaId: 'S3', id: 'i3', body: 'tie b', timestamp: 200, read: false },
      { key: 's:S2', peer: ALICE, direction: 'in', from: `${ALICE}/phone`, stanzaId: 'S2', body: 'tie a', timestamp: 200, read: false },
      { key: 'c:out1', peer: ALICE, direction: 'out', from: `${ME}/desktop`, id: 'out1', originId: 'out1', body: 'mine', timestamp: 300, status: 'delivered', read: true },
    ];
    await v1.table('messages').bulkAdd(rows);
    await v1.table('conversations').add({ peer: ALICE, lastTimestamp: 300, lastPreview: 'mine', lastDirection: 'out', unread: 2 });
    v1.close();

    const history = await openHistory({ name: 'migrate', indexedDB: factory, IDBKeyRange });
    // ties keep version 1's display order (primary key), every row gets a distinct order
    const migrated = await history.latest(ALICE, 10);
    expect(migrated.map((m) => m.body)).toEqual(['first', 'tie a', 'tie b', 'mine']);
    // v1 primary keys sort c:out1 < s:S1 < s:S2 < s:S3
    expect(migrated.map((m) => m.order)).toEqual([2, 3, 4, 1]);
    expect(migrated[3]).toMatchObject({ key: 'c:out1', status: 'delivered', originId: 'out1' });
    expect(migrated.filter((m) => !m.read).map((m) => m.body)).toEqual(['tie a', 'tie b']);
    expect(await history.conversations()).toEqual([{ peer: ALICE, lastTimestamp: 300, lastPreview: 'mine', lastDirection: 'out', unread: 2 }]);

    // dedupe works against migrated rows: bare sender + origin-id/id, whatever the resource or case
    expect((await history.storeWireMessages([{ seq: 1, peer: ALICE, direction: 'in', from: `${ALICE}/laptop`, originId: 'o1', body: 'first', timestamp: 100, via: 'carbon' }])).added).toBe(0);
    expect((await history.storeWireMessages([{ seq: 2, peer: ALICE, direction: 'out', from: `${ME}/phone`, originId: 'out1', stanzaId: 'S4', body: 'mine', timestamp: 300, via: 'archive' }])).added).toBe(0);
    expect((await history.latest(ALICE, 1))[0]).toMatchObject({ key: 'c:out1', stanzaId: 'S4', status: 'delivered' });
    // migrated unread rows are found by the new unread index
    await history.markConversationRead(ALICE);
    expect((await history.latest(ALICE, 10)).every((m) => m.read)).toBe(true);
    expect((await history.conversations())[0]!.unread).toBe(0);
    // the order counter continues after the migrated rows
    await history.storeWireMessages([{ seq: 3, peer: ALICE, direction: 'in', from: ALICE, body: 'new', timestamp: 300, via: 'live' }]);
    const all = await history.latest(ALICE, 10);
    expect(all.map((m) => m.body)).toEqual(['first', 'tie a', 'tie b', 'mine', 'new']);
    expect(all[4]!.order).toBeGreaterThan(Math.max(...migrated.map((m) => m.order)));
    history.close();

    // the raw rows: current version, index fields filled
    const raw = new Dexie('migrate', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.tables.map((t) => t.name).sort()).toEqual(['conversations', 'messages', 'meta', 'pendingReads']);
    const first = await raw.table('messages').get('s:S1');
    expect(first).toMatchObject({ sender: ALICE, clientId: 'o1', order: 2 });
    const tieB = await raw.table('messages').get('s:S3');
    expect(tieB).toMatchObject({ sender: ALICE, clientId: 'i3' });
    raw.close();
  });

  it('migrates version 2 rows to version 3: read point, unread index, outgoing not yet read by the peer', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('migrate2', { indexedDB: factory, IDBKeyRange });
    declareSchema(v2, 2);
    await v2.open();
    expect(v2.verno).toBe(2);
    const base = { peer: ALICE, body: 'x', sender: ALICE };
    const rows: Omit<MessageRow, 'unreadOutPeer'>[] = [
      // unread behind a read one: cannot happen in version 2, and is made consistent
      { ...base, key: 's:A0', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A0', id: 'a0', clientId: 'a0', timestamp: 50, order: 0.5, read: false, unreadPeer: ALICE },
      { ...base, key: 's:A1', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A1', id: 'a1', clientId: 'a1', timestamp: 100, order: 1, read: true },
      { ...base, key: 'c:o1', direction: 'out', from: `${ME}/d`, sender: ME, id: 'o1', originId: 'o1', clientId: 'o1', timestamp: 200, order: 2, read: true, status: 'failed', error: 'offline' },
      { ...base, key: 'c:o2', direction: 'out', from: `${ME}/d`, sender: ME, id: 'o2', originId: 'o2', clientId: 'o2', timestamp: 300, order: 3, read: true, status: 'delivered' },
      { ...base, key: 's:A2', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A2', id: 'a2', clientId: 'a2', timestamp: 400, order: 4, read: false, unreadPeer: ALICE },
      { ...base, key: 'c:o3', direction: 'out', from: `${ME}/d`, sender: ME, id: 'o3', originId: 'o3', clientId: 'o3', timestamp: 500, order: 5, read: true, status: 'read' },
      { ...base, key: 'c:o4', direction: 'out', from: `${ME}/d`, sender: ME, id: 'o4', originId: 'o4', clientId: 'o4', timestamp: 600, order: 6, read: true, status: 'pending' },
      { ...base, key: 's:A3', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A3', id: 'a3', clientId: 'a3', timestamp: 700, order: 7, read: false, unreadPeer: ALICE },
      { ...base, key: 's:A4', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A4', id: 'a4', clientId: 'a4', timestamp: 800, order: 8, read: false, unreadPeer: ALICE },
    ];
    await v2.table('messages').bulkAdd(rows);
    await v2.table('conversations').add({ peer: ALICE, lastTimestamp: 800, lastPreview: 'x', lastDirection: 'in', unread: 4 } satisfies ConversationRecord);
    // (unread 4: a0, a2, a3, a4)
    await v2.table('meta').put({ name: 'order', value: 8 });
    v2.close();

    const history = await openHistory({ name: 'migrate2', indexedDB: factory, IDBKeyRange });
    // the read point is the newest read message (a1); our own messages infer nothing
    expect((await history.latest(ALICE, 10)).filter((m) => !m.read).map((m) => m.key)).toEqual(['s:A2', 's:A3', 's:A4']);
    expect((await history.conversations())[0]!.unread).toBe(3);
    expect((await history.firstUnread(ALICE))?.key).toBe('s:A2');
    // the read point only moves forward: seeing a1 does nothing, a3 covers a2 too (no marker: old rows are not markable)
    expect(await history.markReadUpTo(ALICE, { timestamp: 100, order: 1 })).toBeUndefined();
    expect(await history.markReadUpTo(ALICE, { timestamp: 700, order: 7 })).toEqual({ peer: ALICE, marked: 2, stanzaId: 'A3' });
    // a displayed marker for o4 reads o2 (delivered) and o4 (pending), never the failed o1
    await history.applyStatuses([{ peer: ALICE, id: 'o4', status: 'read', at: 900 }]);
    const statuses = Object.fromEntries((await history.latest(ALICE, 10)).filter((m) => m.direction === 'out').map((m) => [m.key, m.status]));
    expect(statuses).toEqual({ 'c:o1': 'failed', 'c:o2': 'read', 'c:o3': 'read', 'c:o4': 'read' });
    // an MDS read point by stanza-id works on migrated rows
    await history.applyReadPoints([{ peer: ALICE, stanzaId: 'A4', source: 'mds' }]);
    expect((await history.conversations())[0]!.unread).toBe(0);
    history.close();

    const raw = new Dexie('migrate2', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(await raw.table('conversations').get(ALICE)).toMatchObject({ unread: 0, readTo: { timestamp: 800, order: 8 } });
    expect(await raw.table('messages').get('c:o1')).not.toHaveProperty('unreadOutPeer');
    raw.close();
  });

  it('keeps the v2 read state when nothing of ours is in the conversation', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('migrate3', { indexedDB: factory, IDBKeyRange });
    declareSchema(v2, 2);
    await v2.open();
    const row = (n: number, read: boolean) => ({ key: `s:${n}`, peer: ALICE, direction: 'in', from: ALICE, sender: ALICE, stanzaId: `${n}`, body: 'x', timestamp: n, order: n, read, ...(read ? {} : { unreadPeer: ALICE }) });
    await v2.table('messages').bulkAdd([row(1, true), row(2, false), row(3, false)]);
    await v2.table('conversations').add({ peer: ALICE, lastTimestamp: 3, lastPreview: 'x', lastDirection: 'in', unread: 2 });
    v2.close();
    const history = await openHistory({ name: 'migrate3', indexedDB: factory, IDBKeyRange });
    expect((await history.conversations())[0]!.unread).toBe(2);
    expect((await history.firstUnread(ALICE))?.key).toBe('s:2');
    history.close();
  });

  it('creates a fresh database at the current version', async () => {
    const factory = new IDBFactory();
    const history = await openHistory({ name: 'fresh', indexedDB: factory, IDBKeyRange });
    history.close();
    const raw = new Dexie('fresh', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.table('messages').schema.indexes.map((i) => i.name).sort()).toEqual([
      '[outboxAt+order]',
      '[peer+id]',
      '[peer+timestamp+order]',
      '[sender+clientId]',
      '[unreadOutPeer+timestamp+order]',
      '[unreadPeer+timestamp+order]',
      'stanzaId',
    ]);
    expect(raw.table('pendingReads').schema.indexes.map((i) => i.name)).toEqual(['peer']);
    raw.close();
  });
});
