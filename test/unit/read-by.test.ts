import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect } from 'vitest';
import { conversationKey, roomAt } from '../../src-shared/conversation';
import type { RoomMarker, WireMessage } from '../../src-shared/contract';
import { openHistory } from '../../src-renderer/history';
import { readByAt, readerSteps, type ReaderMark } from '../../src-renderer/history/read-by';
import { declareSchema, SCHEMA_VERSION } from '../../src-renderer/history/schema';
import { readByLabel } from '../../src-renderer/ui/rooms/read-by-label';
import { historyTest as it, ME, wire } from '../support/fixtures/history';

const ROOM = 'team@rooms.example.org';
const TEAM = roomAt(ROOM);
const at = (timestamp: number, order = 0) => ({ timestamp, order });

/** Our message in the room, reflected with the room's stanza-id. */
const ours = (stanzaId: string, timestamp: number): WireMessage =>
  wire({
    conversation: TEAM,
    direction: 'out',
    from: `${ROOM}/me`,
    sender: { jid: ME, nick: 'me' },
    id: `o-${stanzaId}`,
    originId: `o-${stanzaId}`,
    stanzaId,
    stanzaIdBy: ROOM,
    body: stanzaId,
    timestamp,
  });
/** A participant's message in the room. */
const theirs = (stanzaId: string, timestamp: number, nick = 'carol'): WireMessage =>
  wire({ conversation: TEAM, from: `${ROOM}/${nick}`, sender: { nick, occupantId: `occ-${nick}` }, stanzaId, stanzaIdBy: ROOM, body: stanzaId, timestamp });
const marker = (stanzaId: string, reader: string, name: string, time: number, extra: Partial<RoomMarker> = {}): RoomMarker => ({
  conversation: TEAM,
  stanzaId,
  reader,
  name,
  at: time,
  ...extra,
});

describe('read-by (pure)', () => {
  const marks: ReaderMark[] = [
    { reader: 'occupant:c', name: 'carol', at: 50, position: at(10) },
    { reader: 'occupant:c', name: 'caroline', at: 90, position: at(30) },
    { reader: 'occupant:d', name: 'dave', at: 70, position: at(20) },
    { reader: 'occupant:e', name: 'erin', at: 60 },
  ];
  const readers = readerSteps(marks);

  it.for([
    {
      position: at(5),
      expected: [
        ['caroline', 50],
        ['dave', 70],
      ],
    },
    {
      position: at(10),
      expected: [
        ['caroline', 50],
        ['dave', 70],
      ],
    },
    {
      position: at(10, 1),
      expected: [
        ['dave', 70],
        ['caroline', 90],
      ],
    },
    { position: at(25), expected: [['caroline', 90]] },
    { position: at(31), expected: [] },
  ])('a marker covers everything up to its message: at $position.timestamp/$position.order', ({ position, expected }) => {
    expect(readByAt(readers, position).map((r) => [r.name, r.at])).toEqual(expected);
  });

  it('names a reader by their newest marker; of two in the same second (archive stamps), the later message’s', () => {
    const sameSecond = readerSteps([
      { reader: 'occupant:p', name: 'Pauline', at: 3_000, position: at(20) },
      { reader: 'occupant:p', name: 'Paul', at: 3_000, position: at(10) },
    ]);
    expect(sameSecond.map((r) => r.name)).toEqual(['Pauline']);
  });

  it('a marker whose message is not in history counts for nothing; a reader known by nickname is uncertain', () => {
    expect(readerSteps([{ reader: 'nick:zed', name: 'zed', uncertain: true, at: 1, position: at(1) }, ...marks]).map((r) => [r.reader, r.uncertain])).toEqual([
      ['nick:zed', true],
      ['occupant:c', false],
      ['occupant:d', false],
    ]);
  });

  it.for([
    { count: 2, members: undefined, words: ['readBy.count', { count: 2 }] },
    { count: 2, members: 3, words: ['readBy.countOf', { count: 2, members: 3 }] },
    { count: 3, members: 3, words: ['readBy.everyone', { count: 3 }] },
    { count: 1, members: 0, words: ['readBy.countOf', { count: 1, members: 0 }] },
  ] as const)('the control says "Read by $count" of $members', ({ count, members, words }) => {
    const label = readByLabel(count, members);
    expect([label.key, label.params]).toEqual(words);
  });
});

describe('read-by in history (schema 8)', () => {
  it('keeps one row per reader and message (live, then the archive copy), places markers that came before their message, and survives reopening', async ({
    open,
  }) => {
    const factory = new IDBFactory();
    const h = await open(factory);
    await h.storeWireMessages([ours('S1', 100), theirs('S2', 200), ours('S3', 300)]);
    await h.applyRoomMarkers([marker('S2', 'occupant:c', 'carol', 1_000), marker('S2', 'occupant:d', 'dave', 1_100)]);
    // The archive's copy of carol's marker, stamped earlier (whole seconds); then a marker for a message not here yet.
    await h.applyRoomMarkers([marker('S2', 'occupant:c', 'carol', 999), marker('S4', 'occupant:c', 'carol2', 2_000)]);
    let readers = readerSteps(await h.roomReaderMarks(TEAM));
    const [first, third] = (await h.latest(TEAM, 10)).filter((m) => m.direction === 'out');
    expect(readByAt(readers, first!).map((r) => [r.name, r.at])).toEqual([
      ['carol', 999],
      ['dave', 1_100],
    ]);
    expect(readByAt(readers, third!)).toEqual([]);

    // Carol's newer marker's message arrives: it covers our second message, under her new name.
    await h.storeWireMessages([theirs('S4', 400, 'dave')]);
    h.close();
    const reopened = await open(factory);
    readers = readerSteps(await reopened.roomReaderMarks(TEAM));
    expect(readByAt(readers, third!).map((r) => [r.reader, r.name, r.at])).toEqual([['occupant:c', 'carol2', 2_000]]);
    expect(readByAt(readers, first!).map((r) => r.name)).toEqual(['carol2', 'dave']);
  });

  it('a read step in a room names the room’s stanza-id as the marker target', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([{ ...theirs('S9', 100), id: 'client-id', markable: true }]);
    const [row] = await h.latest(TEAM, 1);
    expect(await h.markReadUpTo(TEAM, row!)).toMatchObject({ markerFor: 'S9', stanzaId: 'S9' });
  });

  it('migrates a version 7 database: its rows stay, and markers then apply to them', async () => {
    const factory = new IDBFactory();
    const v7 = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    declareSchema(v7, 7, ME);
    await v7.open();
    const key = conversationKey(TEAM);
    await v7.table('messages').put({
      key: `a:${ROOM} S1`,
      conversation: key,
      direction: 'out',
      from: ME,
      sender: { jid: ME },
      senderKey: ME,
      id: 'o1',
      clientId: 'o1',
      stanzaId: 'S1',
      stanzaIdBy: ROOM,
      stanzaKey: `${ROOM} S1`,
      body: 'kept',
      timestamp: 100,
      order: 1,
      read: true,
      status: 'sent',
      unreadOutConversation: key,
      via: 'live',
    });
    await v7.table('conversationRows').put({ conversation: key, lastTimestamp: 100, lastPreview: 'kept', lastDirection: 'out', unread: 0 });
    v7.close();

    const history = await openHistory({ account: ME, name: 'v7', indexedDB: factory, IDBKeyRange });
    const [row] = await history.latest(TEAM, 10);
    expect(row).toMatchObject({ body: 'kept', status: 'sent' });
    await history.applyRoomMarkers([marker('S1', 'occupant:c', 'carol', 500)]);
    expect(readByAt(readerSteps(await history.roomReaderMarks(TEAM)), row!).map((r) => r.name)).toEqual(['carol']);
    history.close();
    const raw = new Dexie('v7', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(SCHEMA_VERSION);
    raw.close();
  });
});
