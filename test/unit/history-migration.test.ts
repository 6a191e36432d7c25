import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openHistory } from '../../src-renderer/history';
import { declareSchema, type MessageRowV1 } from '../../src-renderer/history/schema';

const ALICE = 'alice@example.org';
const ME = 'me@example.org';

describe('schema migration', () => {
  it('opens a version 1 database with data and migrates its rows to version 2', async () => {
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

    // the raw rows: version 2, index fields filled
    const raw = new Dexie('migrate', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(2);
    expect(raw.tables.map((t) => t.name).sort()).toEqual(['conversations', 'messages', 'meta']);
    const first = await raw.table('messages').get('s:S1');
    expect(first).toMatchObject({ sender: ALICE, clientId: 'o1', order: 2 });
    const tieB = await raw.table('messages').get('s:S3');
    expect(tieB).toMatchObject({ sender: ALICE, clientId: 'i3' });
    raw.close();
  });

  it('creates a fresh database at the current version', async () => {
    const factory = new IDBFactory();
    const history = await openHistory({ name: 'fresh', indexedDB: factory, IDBKeyRange });
    history.close();
    const raw = new Dexie('fresh', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(2);
    expect(raw.table('messages').schema.indexes.map((i) => i.name).sort()).toEqual(['[peer+timestamp+order]', '[sender+clientId]', 'stanzaId', 'unreadPeer']);
    raw.close();
  });
});
