import { IDBFactory } from 'fake-indexeddb';
import { describe, expect } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import type { MessageActionBase, MessageActionEvent, WireMessage } from '../../src-shared/contract';
import type { History } from '../../src-renderer/history';
import { ALICE, everyMessage, historyTest as it, ME, wire } from '../support/fixtures/history';

const MALLORY = 'mallory@example.org';

/** Alice's message m1, "helo", at time 1,000 (live unless told). */
const original = (fields: Partial<WireMessage> = {}) => wire({ id: 'm1', body: 'helo', timestamp: 1_000, markable: true, ...fields });

function action(fields: Partial<MessageActionBase> = {}): MessageActionBase {
  const from = fields.from ?? `${ALICE}/phone`;
  return {
    conversation: chatWith(ALICE),
    target: 'm1',
    direction: 'in',
    sender: { jid: from.split('/')[0]! },
    from,
    timestamp: 2_000,
    via: 'live',
    ...fields,
  };
}
const correction = (id: string, body: string, timestamp: number, fields: Partial<MessageActionBase> = {}): MessageActionEvent => ({
  kind: 'correction',
  correction: { ...action({ id, timestamp, ...fields }), body },
});
const retraction = (id: string, timestamp: number, fields: Partial<MessageActionBase> = {}): MessageActionEvent => ({
  kind: 'retraction',
  retraction: action({ id, timestamp, ...fields }),
});
const reaction = (id: string, emojis: string[], timestamp: number, fields: Partial<MessageActionBase> = {}): MessageActionEvent => ({
  kind: 'reaction',
  reaction: { ...action({ id, timestamp, ...fields }), emojis },
});

type Item = { message: WireMessage } | { event: MessageActionEvent };

async function deliver(h: History, items: readonly Item[]): Promise<void> {
  for (const item of items) {
    if ('message' in item) await h.storeWireMessages([item.message]);
    else await h.applyActions([item.event]);
  }
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** What a person (and the list) can see of the chat with Alice. */
async function stored(h: History) {
  const [row] = await everyMessage(h, ALICE);
  const conversation = (await h.conversations()).find((c) => c.conversation.jid === ALICE);
  return { row, unread: conversation?.unread, preview: conversation?.lastPreview };
}

/** Every value in the database, as text. */
async function everything(factory: IDBFactory, name = 'glance-test'): Promise<string> {
  const db: IDBDatabase = await new Promise((resolve, reject) => {
    const open = factory.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const texts: string[] = [];
  for (const store of db.objectStoreNames) {
    const values: unknown[] = await new Promise((resolve) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result);
    });
    texts.push(JSON.stringify(values));
  }
  db.close();
  return texts.join('\n');
}

describe('message actions in history', () => {
  it('ends with the same row whatever order a message, two corrections and two reaction sets arrive in', async ({ open }) => {
    const items: Item[] = [
      { message: original() },
      { event: correction('c1', 'hello', 2_000) },
      { event: correction('c2', 'hello!', 3_000) },
      { event: reaction('r1', ['👍'], 4_000) },
      { event: reaction('r2', ['👍', '❤️'], 5_000) },
    ];
    let first: Awaited<ReturnType<typeof stored>> | undefined;
    for (const order of permutations(items)) {
      const h = await open(new IDBFactory());
      // the archive brings each again, after the live copies
      await deliver(h, [...order, ...order]);
      const result = await stored(h);
      first ??= result;
      expect(result).toStrictEqual(first);
    }
    expect(first!.row).toMatchObject({
      body: 'hello!',
      edits: [
        { body: 'helo', at: 1_000, key: '' },
        { body: 'hello', at: 2_000, key: 'c1' },
        { body: 'hello!', at: 3_000, key: 'c2' },
      ],
      reactions: [{ sender: { jid: ALICE }, emojis: ['👍', '❤️'], at: 5_000 }],
    });
    expect(first!.preview).toBe('hello!');
    expect(first!.unread).toBe(1);
    // 120 orders, each in a fresh IndexedDB: seconds of CPU, several times more on a busy machine.
  }, 30_000);

  it('a reaction set that is empty removes the sender’s reactions, in any order', async ({ open }) => {
    for (const order of permutations<Item>([{ message: original() }, { event: reaction('r1', ['👍'], 2_000) }, { event: reaction('r2', [], 3_000) }])) {
      const h = await open(new IDBFactory());
      await deliver(h, order);
      expect((await stored(h)).row.reactions?.flatMap((entry) => entry.emojis)).toEqual([]);
    }
  });

  it('a retraction removes the text everywhere, the unread count and the preview, in any order', async ({ open }) => {
    const items: Item[] = [
      { message: original({ body: 'secret plan' }) },
      { event: correction('c1', 'secret plan v2', 2_000) },
      { event: reaction('r1', ['👍'], 2_500, { direction: 'out', from: `${ME}/glance` }) },
      { event: retraction('x1', 3_000) },
    ];
    for (const order of permutations(items)) {
      const factory = new IDBFactory();
      const h = await open(factory);
      await deliver(h, order);
      const result = await stored(h);
      expect(result.row).toMatchObject({ body: '', retracted: true, read: true });
      expect(result.row).not.toHaveProperty('edits');
      expect(result.row).not.toHaveProperty('reactions');
      expect(result.unread).toBe(0);
      expect(result.preview).toBe('');
      h.close();
      expect(await everything(factory)).not.toContain('secret plan');
    }
  });

  it('accepts corrections and retractions only from the original sender', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([original()]);
    // our own correction of Alice's message, and Mallory naming Alice's id in her own chat
    await h.applyActions([
      correction('c1', 'rewritten by me', 2_000, { direction: 'out', from: `${ME}/glance` }),
      retraction('x1', 2_500, { direction: 'out', from: `${ME}/glance` }),
      correction('c2', 'rewritten by Mallory', 3_000, { conversation: chatWith(MALLORY), from: `${MALLORY}/x` }),
      retraction('x2', 3_000, { conversation: chatWith(MALLORY), from: `${MALLORY}/x` }),
    ]);
    const { row, unread } = await stored(h);
    expect(row).toMatchObject({ body: 'helo', read: false });
    expect(row).not.toHaveProperty('edits');
    expect(row).not.toHaveProperty('retracted');
    expect(unread).toBe(1);
    // a kept action from someone else is dropped when the target arrives
    await h.applyActions([correction('c3', 'rewritten later', 4_000, { target: 'm2', direction: 'out', from: `${ME}/glance` })]);
    await h.storeWireMessages([original({ id: 'm2', body: 'second', timestamp: 1_500 })]);
    expect((await everyMessage(h, ALICE)).map((m) => m.body)).toEqual(['helo', 'second']);
  });

  it('counts a receipt or marker for one of our corrections for the original message', async ({ open }) => {
    const h = await open();
    await h.addOutgoing({ conversation: chatWith(ALICE), from: `${ME}/glance`, id: 'o1', body: 'see you at 5', timestamp: 1_000 });
    await h.applyActions([
      correction('o1-fix', 'see you at 6', 2_000, { target: 'o1', direction: 'out', from: `${ME}/glance`, conversation: chatWith(ALICE) }),
    ]);
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'o1-fix', status: 'delivered', at: 2_500 }]);
    expect((await stored(h)).row).toMatchObject({ body: 'see you at 6', status: 'delivered' });
    await h.applyStatuses([{ conversation: chatWith(ALICE), id: 'o1-fix', status: 'read', at: 3_000 }]);
    expect((await stored(h)).row).toMatchObject({ status: 'read' });
  });

  it('in a room: actions name the room’s stanza-id, the occupant-id proves the author across nick changes, and our reflected actions apply once', async ({
    open,
  }) => {
    const ROOM = 'hall@rooms.example.org';
    const inRoom = { conversation: roomAt(ROOM), target: 'sid-1', stanzaIdBy: ROOM } as const;
    const olive = { sender: { nick: 'Olive', occupantId: 'oid-olive' }, from: `${ROOM}/Olive` };
    const us = { direction: 'out' as const, sender: { jid: ME, nick: 'Gwen', occupantId: 'oid-me' }, from: `${ROOM}/Gwen` };
    const items: Item[] = [
      { message: wire({ ...inRoom, ...olive, id: 'o-1', stanzaId: 'sid-1', stanzaIdBy: ROOM, body: 'ripe apples', timestamp: 1_000 }) },
      // her correction after a nick change: the same occupant-id
      { event: correction('c1', 'very ripe apples', 2_000, { ...inRoom, sender: { nick: 'Olivia', occupantId: 'oid-olive' }, from: `${ROOM}/Olivia` }) },
      // our reaction as applied here, then as the room reflects it
      { event: reaction('r1', ['👍'], 3_000, { ...inRoom, direction: 'out', sender: { jid: ME }, from: ME }) },
      { event: reaction('r1', ['👍'], 3_100, { ...inRoom, ...us }) },
    ];
    let first: unknown;
    for (const order of permutations(items)) {
      const h = await open(new IDBFactory());
      await deliver(h, [...order, ...order]);
      // someone who took her old nick changes nothing
      await h.applyActions([
        correction('c2', 'rotten apples', 2_500, { ...inRoom, sender: { nick: 'Olive', occupantId: 'oid-other' }, from: `${ROOM}/Olive` }),
      ]);
      const [row] = await h.latest(roomAt(ROOM), 10);
      first ??= row;
      expect(row).toStrictEqual(first);
    }
    expect(first).toMatchObject({ body: 'very ripe apples', reactions: [{ senderKey: ME, emojis: ['👍'] }] });
    expect((first as { edits: unknown[] }).edits).toHaveLength(2);
  });

  it('in a room also takes a correction or retraction naming its author’s message@id (as some clients send), never another’s, whichever comes first', async ({
    open,
  }) => {
    const ROOM = 'hall@rooms.example.org';
    const olive = { conversation: roomAt(ROOM), sender: { nick: 'Olive', occupantId: 'oid-olive' }, from: `${ROOM}/Olive` };
    const message = (id: string, sid: string, body: string) => wire({ ...olive, id, stanzaId: sid, stanzaIdBy: ROOM, body, timestamp: 1_000 });
    for (const before of [true, false]) {
      const h = await open(new IDBFactory());
      const actions = [
        correction('c1', 'fixed by id', 2_000, { ...olive, target: 'o-1' }),
        retraction('x1', 2_000, { ...olive, target: 'o-2', sender: { nick: 'Olive', occupantId: 'oid-other' } }),
      ];
      if (before) await h.applyActions(actions);
      await h.storeWireMessages([message('o-1', 'sid-1', 'first'), message('o-2', 'sid-2', 'second')]);
      if (!before) await h.applyActions(actions);
      expect((await h.latest(roomAt(ROOM), 10)).map((row) => [row.body, !!row.retracted])).toEqual([
        ['fixed by id', false],
        ['second', false],
      ]);
    }
  });
});
