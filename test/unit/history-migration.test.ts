import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { chatWith, conversationKey } from '../../src-shared/conversation';
import type { WireMessage } from '../../src-shared/contract';
import { openHistory } from '../../src-renderer/history';
import { lastStanzaName } from '../../src-renderer/history/meta-names';
import type { ConversationRecordV4, MessageRowV1, MessageRowV4 } from '../../src-renderer/history/migrations/v1-to-v4';
import { declareSchema, SCHEMA_VERSION } from '../../src-renderer/history/schema';

const ALICE = 'alice@example.org';
const ME = 'me@example.org';
const WITH_ALICE = chatWith(ALICE);
const IN_CHAT = conversationKey(WITH_ALICE);

/** A read message from Alice's phone as versions 7 to 10 store it, numbered `n` (its stanza-id S`n`). */
function readRow(n: number, body: string, extra: object = {}) {
  return {
    key: `s:S${n}`,
    conversation: IN_CHAT,
    direction: 'in',
    from: `${ALICE}/phone`,
    sender: { jid: ALICE },
    senderKey: ALICE,
    stanzaId: `S${n}`,
    stanzaIdBy: ME,
    stanzaKey: `${ME} S${n}`,
    body,
    timestamp: 100 * n,
    order: n,
    read: true,
    ...extra,
  };
}

/** A message from the core in the chat with Alice; `sender` follows `from`. */
function wire(fields: Partial<WireMessage> & Pick<WireMessage, 'direction' | 'from'>): WireMessage {
  const sender = { jid: fields.from.split('/')[0]!.toLowerCase() };
  return { conversation: WITH_ALICE, sender, body: 'x', timestamp: 1, via: 'live', ...fields };
}

describe('an upgrade blocked by an older window', () => {
  it('says so, waits, and opens (migrated) once the older one lets go', async () => {
    const factory = new IDBFactory();
    const older = new Dexie('blocked', { indexedDB: factory, IDBKeyRange });
    declareSchema(older, 1);
    // An older release that does not close when asked to (Dexie's default would).
    older.on('versionchange', () => false);
    await older.open();
    await older
      .table('messages')
      .add({ key: 's:S1', peer: ALICE, direction: 'in', from: `${ALICE}/phone`, stanzaId: 'S1', body: 'kept', timestamp: 100, read: false });
    const onBlocked = vi.fn();
    const opening = openHistory({ account: ME, name: 'blocked', indexedDB: factory, IDBKeyRange, onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    older.close();
    const history = await opening;
    expect((await history.latest(WITH_ALICE, 10)).map((m) => m.body)).toEqual(['kept']);
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
      {
        key: 'c:out1',
        peer: ALICE,
        direction: 'out',
        from: `${ME}/desktop`,
        id: 'out1',
        originId: 'out1',
        body: 'mine',
        timestamp: 300,
        status: 'delivered',
        read: true,
      },
    ];
    await v1.table('messages').bulkAdd(rows);
    await v1.table('conversations').add({ peer: ALICE, lastTimestamp: 300, lastPreview: 'mine', lastDirection: 'out', unread: 2 });
    v1.close();

    const history = await openHistory({ account: ME, name: 'migrate', indexedDB: factory, IDBKeyRange });
    // ties keep version 1's display order (primary key), every row gets a distinct order
    const migrated = await history.latest(WITH_ALICE, 10);
    expect(migrated.map((m) => m.body)).toEqual(['first', 'tie a', 'tie b', 'mine']);
    // v1 primary keys sort c:out1 < s:S1 < s:S2 < s:S3
    expect(migrated.map((m) => m.order)).toEqual([2, 3, 4, 1]);
    expect(migrated[3]).toMatchObject({ key: 'c:out1', status: 'delivered', originId: 'out1' });
    expect(migrated.filter((m) => !m.read).map((m) => m.body)).toEqual(['tie a', 'tie b']);
    expect(await history.conversations()).toEqual([
      { conversation: WITH_ALICE, lastTimestamp: 300, lastPreview: 'mine', lastDirection: 'out', unread: 2, mentions: 0 },
    ]);

    // dedupe works against migrated rows: bare sender + origin-id/id, whatever the resource or case
    expect(
      (await history.storeWireMessages([wire({ direction: 'in', from: `${ALICE}/laptop`, originId: 'o1', body: 'first', timestamp: 100, via: 'carbon' })]))
        .added,
    ).toBe(0);
    expect(
      (
        await history.storeWireMessages([
          wire({ direction: 'out', from: `${ME}/phone`, originId: 'out1', stanzaId: 'S4', body: 'mine', timestamp: 300, via: 'archive' }),
        ])
      ).added,
    ).toBe(0);
    expect((await history.latest(WITH_ALICE, 1))[0]).toMatchObject({ key: 'c:out1', stanzaId: 'S4', status: 'delivered' });
    // migrated unread rows are found by the new unread index
    await history.markConversationRead(WITH_ALICE);
    expect((await history.latest(WITH_ALICE, 10)).every((m) => m.read)).toBe(true);
    expect((await history.conversations())[0]!.unread).toBe(0);
    // the order counter continues after the migrated rows
    await history.storeWireMessages([wire({ direction: 'in', from: ALICE, body: 'new', timestamp: 300, via: 'live' })]);
    const all = await history.latest(WITH_ALICE, 10);
    expect(all.map((m) => m.body)).toEqual(['first', 'tie a', 'tie b', 'mine', 'new']);
    expect(all[4]!.order).toBeGreaterThan(Math.max(...migrated.map((m) => m.order)));
    history.close();

    // the raw rows: current version, index fields filled
    const raw = new Dexie('migrate', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.tables.map((t) => t.name).sort()).toEqual([
      'attachments',
      'avatars',
      'conversationRows',
      'messages',
      'meta',
      'pendingActions',
      'pendingReads',
      'roomMarkers',
      'searchBlocks',
    ]);
    const first = await raw.table('messages').get('s:S1');
    expect(first).toMatchObject({
      conversation: IN_CHAT,
      sender: { jid: ALICE },
      senderKey: ALICE,
      clientId: 'o1',
      order: 2,
      stanzaIdBy: ME,
      stanzaKey: `${ME} S1`,
    });
    expect(first).not.toHaveProperty('peer');
    const tieB = await raw.table('messages').get('s:S3');
    expect(tieB).toMatchObject({ senderKey: ALICE, clientId: 'i3' });
    raw.close();
  });

  it('migrates version 2 rows to version 3: read point, unread index, outgoing not yet read by the peer', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('migrate2', { indexedDB: factory, IDBKeyRange });
    declareSchema(v2, 2);
    await v2.open();
    expect(v2.verno).toBe(2);
    const base = { peer: ALICE, body: 'x', sender: ALICE };
    const rows: Omit<MessageRowV4, 'unreadOutPeer'>[] = [
      // unread behind a read one: cannot happen in version 2, and is made consistent
      {
        ...base,
        key: 's:A0',
        direction: 'in',
        from: `${ALICE}/p`,
        stanzaId: 'A0',
        id: 'a0',
        clientId: 'a0',
        timestamp: 50,
        order: 0.5,
        read: false,
        unreadPeer: ALICE,
      },
      { ...base, key: 's:A1', direction: 'in', from: `${ALICE}/p`, stanzaId: 'A1', id: 'a1', clientId: 'a1', timestamp: 100, order: 1, read: true },
      {
        ...base,
        key: 'c:o1',
        direction: 'out',
        from: `${ME}/d`,
        sender: ME,
        id: 'o1',
        originId: 'o1',
        clientId: 'o1',
        timestamp: 200,
        order: 2,
        read: true,
        status: 'failed',
        error: 'offline',
      },
      {
        ...base,
        key: 'c:o2',
        direction: 'out',
        from: `${ME}/d`,
        sender: ME,
        id: 'o2',
        originId: 'o2',
        clientId: 'o2',
        timestamp: 300,
        order: 3,
        read: true,
        status: 'delivered',
      },
      {
        ...base,
        key: 's:A2',
        direction: 'in',
        from: `${ALICE}/p`,
        stanzaId: 'A2',
        id: 'a2',
        clientId: 'a2',
        timestamp: 400,
        order: 4,
        read: false,
        unreadPeer: ALICE,
      },
      {
        ...base,
        key: 'c:o3',
        direction: 'out',
        from: `${ME}/d`,
        sender: ME,
        id: 'o3',
        originId: 'o3',
        clientId: 'o3',
        timestamp: 500,
        order: 5,
        read: true,
        status: 'read',
      },
      {
        ...base,
        key: 'c:o4',
        direction: 'out',
        from: `${ME}/d`,
        sender: ME,
        id: 'o4',
        originId: 'o4',
        clientId: 'o4',
        timestamp: 600,
        order: 6,
        read: true,
        status: 'pending',
      },
      {
        ...base,
        key: 's:A3',
        direction: 'in',
        from: `${ALICE}/p`,
        stanzaId: 'A3',
        id: 'a3',
        clientId: 'a3',
        timestamp: 700,
        order: 7,
        read: false,
        unreadPeer: ALICE,
      },
      {
        ...base,
        key: 's:A4',
        direction: 'in',
        from: `${ALICE}/p`,
        stanzaId: 'A4',
        id: 'a4',
        clientId: 'a4',
        timestamp: 800,
        order: 8,
        read: false,
        unreadPeer: ALICE,
      },
    ];
    await v2.table('messages').bulkAdd(rows);
    await v2.table('conversations').add({ peer: ALICE, lastTimestamp: 800, lastPreview: 'x', lastDirection: 'in', unread: 4 } satisfies ConversationRecordV4);
    // (unread 4: a0, a2, a3, a4)
    await v2.table('meta').put({ name: 'order', value: 8 });
    v2.close();

    const history = await openHistory({ account: ME, name: 'migrate2', indexedDB: factory, IDBKeyRange });
    // the read point is the newest read message (a1); our own messages infer nothing
    expect((await history.latest(WITH_ALICE, 10)).filter((m) => !m.read).map((m) => m.key)).toEqual(['s:A2', 's:A3', 's:A4']);
    expect((await history.conversations())[0]!.unread).toBe(3);
    expect((await history.firstUnread(WITH_ALICE))?.key).toBe('s:A2');
    // the read point only moves forward: seeing a1 does nothing, a3 covers a2 too (no marker: old rows are not markable)
    expect(await history.markReadUpTo(WITH_ALICE, { timestamp: 100, order: 1 })).toBeUndefined();
    expect(await history.markReadUpTo(WITH_ALICE, { timestamp: 700, order: 7 })).toEqual({ conversation: WITH_ALICE, marked: 2, stanzaId: 'A3' });
    // a displayed marker for o4 reads o2 (delivered) and o4 (pending), never the failed o1
    await history.applyStatuses([{ conversation: WITH_ALICE, id: 'o4', status: 'read', at: 900 }]);
    const statuses = Object.fromEntries((await history.latest(WITH_ALICE, 10)).filter((m) => m.direction === 'out').map((m) => [m.key, m.status]));
    expect(statuses).toEqual({ 'c:o1': 'failed', 'c:o2': 'read', 'c:o3': 'read', 'c:o4': 'read' });
    // an MDS read point by stanza-id works on migrated rows
    await history.applyReadPoints([{ conversation: WITH_ALICE, stanzaId: 'A4', source: 'mds' }]);
    expect((await history.conversations())[0]!.unread).toBe(0);
    history.close();

    const raw = new Dexie('migrate2', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(await raw.table('conversationRows').get(IN_CHAT)).toMatchObject({ unread: 0, readTo: { timestamp: 800, order: 8 } });
    expect(await raw.table('messages').get('c:o1')).not.toHaveProperty('unreadOutConversation');
    expect(await raw.table('messages').get('c:o2')).not.toHaveProperty('unreadOutPeer');
    raw.close();
  });

  it('keeps the v2 read state when nothing of ours is in the conversation', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('migrate3', { indexedDB: factory, IDBKeyRange });
    declareSchema(v2, 2);
    await v2.open();
    const row = (n: number, read: boolean) => ({
      key: `s:${n}`,
      peer: ALICE,
      direction: 'in',
      from: ALICE,
      sender: ALICE,
      stanzaId: `${n}`,
      body: 'x',
      timestamp: n,
      order: n,
      read,
      ...(read ? {} : { unreadPeer: ALICE }),
    });
    await v2.table('messages').bulkAdd([row(1, true), row(2, false), row(3, false)]);
    await v2.table('conversations').add({ peer: ALICE, lastTimestamp: 3, lastPreview: 'x', lastDirection: 'in', unread: 2 });
    v2.close();
    const history = await openHistory({ account: ME, name: 'migrate3', indexedDB: factory, IDBKeyRange });
    expect((await history.conversations())[0]!.unread).toBe(2);
    expect((await history.firstUnread(WITH_ALICE))?.key).toBe('s:2');
    history.close();
  });

  it('creates a fresh database at the current version', async () => {
    const factory = new IDBFactory();
    const history = await openHistory({ account: ME, name: 'fresh', indexedDB: factory, IDBKeyRange });
    history.close();
    const raw = new Dexie('fresh', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(
      raw
        .table('messages')
        .schema.indexes.map((i) => i.name)
        .sort(),
    ).toEqual([
      '[conversation+id]',
      '[conversation+timestamp+order]',
      '[outboxAt+order]',
      '[senderKey+clientId]',
      '[unreadConversation+timestamp+order]',
      '[unreadOutConversation+timestamp+order]',
      'amendIds',
      'stanzaKey',
    ]);
    expect(raw.table('pendingActions').schema.indexes.map((i) => i.name)).toEqual(['conversation']);
    expect(raw.table('pendingReads').schema.indexes.map((i) => i.name)).toEqual(['conversation']);
    expect(raw.table('conversationRows').schema.primKey.name).toBe('conversation');
    raw.close();
  });
});

describe('schema version 5: conversations by key, senders apart, stanza-ids scoped by their archive', () => {
  const BOB = 'bob@example.org';
  const WITH_BOB = chatWith(BOB);

  /** A version 4 database as release 4 left it: two chats, read and unread, a read point, kept read points, an outbox. */
  async function version4(factory: IDBFactory, name: string, meta: { name: string; value: number; order?: number; stanzaId?: string }[]): Promise<void> {
    const v4 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    declareSchema(v4, 4);
    await v4.open();
    expect(v4.verno).toBe(4);
    const fromAlice = { peer: ALICE, direction: 'in' as const, from: `${ALICE}/phone`, sender: ALICE, via: 'live' as const, markable: true as const };
    const ours = (peer: string) => ({ peer, direction: 'out' as const, from: `${ME}/desktop`, sender: ME, read: true });
    const rows: MessageRowV4[] = [
      { ...fromAlice, key: 's:S1', id: 'a1', clientId: 'a1', stanzaId: 'S1', body: 'hello', timestamp: 100, order: 1, read: true },
      {
        ...ours(ALICE),
        key: `c:${ALICE}:${ME}:o1`,
        id: 'o1',
        originId: 'o1',
        clientId: 'o1',
        stanzaId: 'S2',
        body: 'hi alice',
        timestamp: 200,
        order: 2,
        status: 'read',
        statusTimes: { read: 250 },
      },
      { ...fromAlice, key: 's:S3', id: 'a2', clientId: 'a2', stanzaId: 'S3', body: 'unread one', timestamp: 300, order: 3, read: false, unreadPeer: ALICE },
      { ...fromAlice, key: 's:S4', id: 'a3', clientId: 'a3', stanzaId: 'S4', body: 'unread two', timestamp: 400, order: 4, read: false, unreadPeer: ALICE },
      {
        ...ours(ALICE),
        key: `c:${ALICE}:${ME}:p1`,
        id: 'p1',
        originId: 'p1',
        clientId: 'p1',
        body: 'waiting to alice',
        timestamp: 500,
        order: 5,
        status: 'pending',
        unreadOutPeer: ALICE,
        outboxAt: 500,
        writtenAfter: 'S4',
      },
      {
        ...ours(BOB),
        key: `c:${BOB}:${ME}:p0`,
        id: 'p0',
        originId: 'p0',
        clientId: 'p0',
        body: 'waiting to bob',
        timestamp: 450,
        order: 6,
        status: 'pending',
        unreadOutPeer: BOB,
        outboxAt: 450,
        writtenAfter: 'S4',
      },
      {
        peer: BOB,
        direction: 'in',
        from: `${BOB}/laptop`,
        sender: BOB,
        key: 's:S5',
        id: 'b1',
        clientId: 'b1',
        stanzaId: 'S5',
        body: 'from bob',
        timestamp: 460,
        order: 7,
        read: false,
        unreadPeer: BOB,
        via: 'live',
      },
    ];
    await v4.table('messages').bulkAdd(rows);
    await v4.table('conversations').bulkAdd([
      { peer: ALICE, lastTimestamp: 500, lastPreview: 'waiting to alice', lastDirection: 'out', unread: 2, readTo: { timestamp: 200, order: 2 } },
      { peer: BOB, lastTimestamp: 460, lastPreview: 'from bob', lastDirection: 'in', unread: 1 },
    ] satisfies ConversationRecordV4[]);
    await v4.table('pendingReads').bulkAdd([
      { peer: ALICE, stanzaId: 'S9', source: 'mds', at: 1 },
      { peer: BOB, messageId: 'b2', source: 'carbon-marker', at: 2 },
    ]);
    await v4.table('meta').bulkPut([{ name: 'order', value: 7 }, ...meta]);
    v4.close();
  }

  it('migrates every row of a version 4 database with nothing lost', async () => {
    const factory = new IDBFactory();
    await version4(factory, 'migrate4', [{ name: 'lastStanza', value: 460, order: 7, stanzaId: 'S5' }]);
    const history = await openHistory({ account: ME, name: 'migrate4', indexedDB: factory, IDBKeyRange });

    // the same messages in the same order, each with its sender apart from its conversation
    const alice = await history.latest(WITH_ALICE, 10);
    expect(alice.map((m) => [m.key, m.order, m.body])).toEqual([
      ['s:S1', 1, 'hello'],
      [`c:${ALICE}:${ME}:o1`, 2, 'hi alice'],
      ['s:S3', 3, 'unread one'],
      ['s:S4', 4, 'unread two'],
      [`c:${ALICE}:${ME}:p1`, 5, 'waiting to alice'],
    ]);
    expect(alice[0]).toMatchObject({ conversation: WITH_ALICE, sender: { jid: ALICE }, stanzaId: 'S1', stanzaIdBy: ME, read: true, markable: true });
    expect(alice[1]).toMatchObject({ sender: { jid: ME }, status: 'read', statusTimes: { read: 250 } });
    expect((await history.latest(WITH_BOB, 10)).map((m) => m.body)).toEqual(['waiting to bob', 'from bob']);

    // the same unread counts and read points
    expect(await history.conversations()).toEqual([
      { conversation: WITH_ALICE, lastTimestamp: 500, lastPreview: 'waiting to alice', lastDirection: 'out', unread: 2, mentions: 0 },
      { conversation: WITH_BOB, lastTimestamp: 460, lastPreview: 'from bob', lastDirection: 'in', unread: 1, mentions: 0 },
    ]);
    expect((await history.firstUnread(WITH_ALICE))?.body).toBe('unread one');
    expect(await history.markReadUpTo(WITH_ALICE, { timestamp: 200, order: 2 })).toBeUndefined();

    // the outbox finds the pending ones oldest first, and archive sync resumes where it would have
    expect((await history.pendingOutgoing()).map((m) => [m.body, m.conversation])).toEqual([
      ['waiting to bob', WITH_BOB],
      ['waiting to alice', WITH_ALICE],
    ]);
    expect(await history.lastStanzaId()).toBe('S5');
    expect(await history.resumeStanzaId()).toBe('S4');
    expect(await history.syncGap()).toBeUndefined();

    // a new copy of an old message (same stanza-id from our archive) merges instead of duplicating
    const copies = [
      wire({ direction: 'in', from: `${ALICE}/tablet`, stanzaId: 'S1', stanzaIdBy: ME, body: 'hello', timestamp: 100, via: 'archive' }),
      wire({ direction: 'in', from: `${ALICE}/phone`, id: 'a2', stanzaId: 'S3', stanzaIdBy: ME, body: 'unread one', timestamp: 300, via: 'archive' }),
      // found by its scoped stanza-id alone (its key is its origin-id's, from when it was sent here)
      wire({ direction: 'out', from: `${ME}/phone`, stanzaId: 'S2', stanzaIdBy: ME, body: 'hi alice', timestamp: 200, via: 'archive' }),
      // our pending message came back from the archive: the server has it
      wire({
        direction: 'out',
        from: `${ME}/desktop`,
        originId: 'p1',
        stanzaId: 'S6',
        stanzaIdBy: ME,
        body: 'waiting to alice',
        timestamp: 500,
        via: 'archive',
      }),
    ];
    expect(await history.storeWireMessages(copies)).toEqual({ added: 0, conversations: [IN_CHAT] });
    expect(await history.latest(WITH_ALICE, 10)).toHaveLength(5);
    expect((await history.pendingOutgoing()).map((m) => m.body)).toEqual(['waiting to bob']);
    expect(await history.lastStanzaId()).toBe('S6');

    // kept read points still wait for their messages: an MDS stanza-id, our own marker's message@id
    await history.storeWireMessages([
      wire({ direction: 'in', from: `${ALICE}/phone`, id: 'a9', stanzaId: 'S9', stanzaIdBy: ME, body: 'read elsewhere', timestamp: 600, via: 'archive' }),
    ]);
    await history.storeWireMessages([
      { ...wire({ direction: 'in', from: `${BOB}/laptop`, id: 'b2', body: 'also read', timestamp: 470 }), conversation: WITH_BOB },
    ]);
    expect((await history.conversations()).map((c) => [c.conversation.jid, c.unread])).toEqual([
      [ALICE, 0],
      [BOB, 0],
    ]);
    history.close();

    const raw = new Dexie('migrate4', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.tables.map((t) => t.name).sort()).toEqual([
      'attachments',
      'avatars',
      'conversationRows',
      'messages',
      'meta',
      'pendingActions',
      'pendingReads',
      'roomMarkers',
      'searchBlocks',
    ]);
    expect(await raw.table('meta').get('lastStanza')).toBeUndefined();
    expect(await raw.table('pendingReads').count()).toBe(0);
    const unreadFromBob = await raw.table('messages').get('s:S5');
    expect(unreadFromBob).toMatchObject({ conversation: `chat:${BOB}`, senderKey: BOB, stanzaKey: `${ME} S5`, read: true });
    expect(Object.keys(unreadFromBob).filter((field) => /peer/i.test(field))).toEqual([]);
    raw.close();
  });

  it('keeps the sync gap, the kept read points and the cursors as our own archive’s', async () => {
    const factory = new IDBFactory();
    await version4(factory, 'migrate5', [
      { name: 'lastStanza', value: 460, order: 7, stanzaId: 'S5' },
      { name: 'syncGap', value: 1, stanzaId: 'S3' },
    ]);
    const history = await openHistory({ account: ME, name: 'migrate5', indexedDB: factory, IDBKeyRange });
    expect(await history.syncGap()).toEqual({ after: 'S3' });
    expect(await history.syncGap('team@rooms.example.org')).toBeUndefined();
    history.close();

    const raw = new Dexie('migrate5', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(await raw.table('meta').get(lastStanzaName(ME))).toEqual({ name: lastStanzaName(ME), value: 460, order: 7, stanzaId: 'S5' });
    expect(await raw.table('meta').get('syncGap')).toBeUndefined();
    expect(await raw.table('pendingReads').toArray()).toEqual([
      { seq: 1, conversation: IN_CHAT, stanzaId: 'S9', stanzaIdBy: ME, stanzaKey: `${ME} S9`, source: 'mds', at: 1 },
      { seq: 2, conversation: `chat:${BOB}`, messageId: 'b2', source: 'carbon-marker', at: 2 },
    ]);
    raw.close();
  });
});

describe('schema version 6: message actions', () => {
  it('opens a version 5 database with its rows as they were, and corrections, retractions and reactions then apply to them', async () => {
    const factory = new IDBFactory();
    const v5 = new Dexie('v5', { indexedDB: factory, IDBKeyRange });
    declareSchema(v5, 5, ME);
    await v5.open();
    const from = `${ALICE}/phone`;
    await v5.table('messages').bulkPut([
      {
        key: 's:S1',
        conversation: IN_CHAT,
        direction: 'in',
        from,
        sender: { jid: ALICE },
        senderKey: ALICE,
        id: 'a1',
        clientId: 'a1',
        stanzaId: 'S1',
        stanzaIdBy: ME,
        stanzaKey: `${ME} S1`,
        body: 'helo',
        timestamp: 100,
        order: 1,
        read: false,
        unreadConversation: IN_CHAT,
        via: 'live',
      },
      {
        key: 's:S2',
        conversation: IN_CHAT,
        direction: 'in',
        from,
        sender: { jid: ALICE },
        senderKey: ALICE,
        id: 'a2',
        clientId: 'a2',
        stanzaId: 'S2',
        stanzaIdBy: ME,
        stanzaKey: `${ME} S2`,
        body: 'oops',
        timestamp: 200,
        order: 2,
        read: false,
        unreadConversation: IN_CHAT,
        via: 'live',
      },
    ]);
    await v5.table('conversationRows').put({ conversation: IN_CHAT, lastTimestamp: 200, lastPreview: 'oops', lastDirection: 'in', unread: 2 });
    v5.close();

    const history = await openHistory({ account: ME, name: 'v5', indexedDB: factory, IDBKeyRange });
    expect((await history.latest(WITH_ALICE, 10)).map((m) => m.body)).toEqual(['helo', 'oops']);
    const action = { conversation: WITH_ALICE, direction: 'in' as const, from, sender: { jid: ALICE }, timestamp: 300, via: 'live' as const };
    await history.applyActions([
      { kind: 'correction', correction: { ...action, target: 'a1', id: 'c1', body: 'hello' } },
      { kind: 'retraction', retraction: { ...action, target: 'a2', id: 'x1' } },
    ]);
    expect((await history.latest(WITH_ALICE, 10)).map((m) => [m.body, m.retracted ?? false])).toEqual([
      ['hello', false],
      ['', true],
    ]);
    expect((await history.conversations())[0]).toMatchObject({ unread: 1, lastPreview: '' });
    history.close();
    const raw = new Dexie('v5', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    raw.close();
  });
});

describe('schema version 9: search', () => {
  it('opens a version 7 database unchanged and finds its messages once the background build has run', async () => {
    const factory = new IDBFactory();
    const v7 = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    declareSchema(v7, 7, ME);
    await v7.open();
    // More rows than one build chunk, so the build resumes from where each chunk ended.
    const rows = Array.from({ length: 250 }, (_, i) => readRow(i + 1, `filler ${i + 1}`));
    rows.push(readRow(300, 'the meeting is tomorrow 我们明天见面'), readRow(301, 'meeting withdrawn', { retracted: true, body: '' }));
    await v7.table('messages').bulkPut(rows);
    v7.close();

    const history = await openHistory({ account: ME, name: 'v7', indexedDB: factory, IDBKeyRange });
    expect((await history.latest(WITH_ALICE, 1)).map((m) => m.retracted)).toEqual([true]);
    expect(await history.search('meet')).toEqual([]);
    expect(await history.buildSearchIndex()).toBe(true);
    expect((await history.search('meet')).map((hit) => hit.message.key)).toEqual(['s:S300']);
    expect((await history.search('天见')).map((hit) => hit.message.key)).toEqual(['s:S300']);
    expect(await history.search('filler')).toHaveLength(20);
    history.close();
    const raw = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(await raw.table('meta').get('searchBuild')).toMatchObject({ value: 1 });
    raw.close();
  });
});

describe('schema version 10: avatars and an organised list', () => {
  it('opens a version 7 database with its rows as they were, then keeps pictures by hash and pins and archives on conversation rows', async () => {
    const factory = new IDBFactory();
    const v7 = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    declareSchema(v7, 7, ME);
    await v7.open();
    await v7.table('messages').put({
      key: 's:S1',
      conversation: IN_CHAT,
      direction: 'in',
      from: `${ALICE}/phone`,
      sender: { jid: ALICE },
      senderKey: ALICE,
      id: 'a1',
      clientId: 'a1',
      stanzaId: 'S1',
      stanzaIdBy: ME,
      stanzaKey: `${ME} S1`,
      body: 'kept',
      timestamp: 100,
      order: 1,
      read: false,
      unreadConversation: IN_CHAT,
      via: 'live',
    });
    await v7.table('conversationRows').put({ conversation: IN_CHAT, lastTimestamp: 100, lastPreview: 'kept', lastDirection: 'in', unread: 1 });
    v7.close();

    const history = await openHistory({ account: ME, name: 'v7', indexedDB: factory, IDBKeyRange });
    expect((await history.latest(WITH_ALICE, 10)).map((m) => m.body)).toEqual(['kept']);
    expect(await history.conversations()).toEqual([
      { conversation: WITH_ALICE, lastTimestamp: 100, lastPreview: 'kept', lastDirection: 'in', unread: 1, mentions: 0 },
    ]);
    const hash = 'e279f80c38f99c1e7e53e262b440993b2f7eea57';
    expect(await history.avatar(hash)).toBeUndefined();
    await history.storeAvatar({ hash, type: 'image/png', base64: 'iVBORw0KGgo=', at: 5 });
    await history.organise(WITH_ALICE, { pinned: true, archived: true });
    history.close();

    const reopened = await openHistory({ account: ME, name: 'v7', indexedDB: factory, IDBKeyRange });
    expect(await reopened.avatar(hash)).toEqual({ hash, type: 'image/png', base64: 'iVBORw0KGgo=', at: 5 });
    const [row] = await reopened.conversations();
    expect(row?.pinnedAt).toBeGreaterThan(0);
    expect(row?.archivedAt).toBeGreaterThanOrEqual(row!.pinnedAt!);
    // A newer message is what brings an archived conversation back: the row's archivedAt stays, lastTimestamp passes it.
    await reopened.storeWireMessages([wire({ direction: 'in', from: `${ALICE}/phone`, id: 'a2', body: 'new', timestamp: row!.archivedAt! + 1 })]);
    const [after] = await reopened.conversations();
    expect(after!.lastTimestamp).toBeGreaterThan(after!.archivedAt!);
    expect(after!.pinnedAt).toBe(row!.pinnedAt);
    reopened.close();
    const raw = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    raw.close();
  });
});

describe('schema version 11: the search index in blocks', () => {
  it('drops the per-message index of version 10, rebuilds it in the background, and indexes a message stored meanwhile once', async () => {
    const factory = new IDBFactory();
    const v10 = new Dexie('v10', { indexedDB: factory, IDBKeyRange });
    declareSchema(v10, 10, ME);
    await v10.open();
    // More rows than one build chunk, so the build resumes from where each chunk ended.
    await v10.table('messages').bulkPut([...Array.from({ length: 120 }, (_, i) => readRow(i + 1, `filler ${i + 1}`)), readRow(200, 'the meeting is tomorrow')]);
    await v10.table('searchIndex').put({ at: 20_000, conversation: IN_CHAT, key: 's:S200', terms: ['me', 'mee', 'meet'] });
    await v10.table('meta').put({ name: 'searchBuild', value: 1, after: 's:S99' });
    v10.close();

    const history = await openHistory({ account: ME, name: 'v10', indexedDB: factory, IDBKeyRange });
    expect(await history.search('meet')).toEqual([]);
    await history.storeWireMessages([wire({ direction: 'in', from: `${ALICE}/phone`, stanzaId: 'S300', body: 'meeting moved', timestamp: 30_000 })]);
    expect((await history.search('meet')).map((hit) => hit.message.body)).toEqual(['meeting moved']);
    expect(await history.buildSearchIndex()).toBe(true);
    expect((await history.search('meet')).map((hit) => hit.message.body)).toEqual(['meeting moved', 'the meeting is tomorrow']);
    const fillers = await history.search('filler', { limit: 200 });
    expect(fillers.map((hit) => hit.message.body)).toEqual(Array.from({ length: 120 }, (_, i) => `filler ${120 - i}`));
    history.close();

    const raw = new Dexie('v10', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    expect(raw.tables.map((t) => t.name)).not.toContain('searchIndex');
    expect(await raw.table('meta').get('searchBuild')).toMatchObject({ value: 1 });
    // Every message in exactly one block.
    const keys = (await raw.table('searchBlocks').toArray()).flatMap((block: { keys: string[] }) => block.keys);
    expect(keys.sort()).toEqual([...Array.from({ length: 120 }, (_, i) => `s:S${i + 1}`), 's:S200', 's:S300'].sort());
    raw.close();
  });
});
