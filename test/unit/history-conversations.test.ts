import { IDBFactory } from 'fake-indexeddb';
import { describe, expect } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import { ALICE, everyMessage as all, BOB, chatKey as key, historyTest as it, ME, wire } from '../support/fixtures/history';

describe('conversation rows', () => {
  it('keeps preview, direction and unread as fields', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ body: 'one', timestamp: 100 }), wire({ body: 'two', timestamp: 200, via: 'archive' })]);
    expect(await h.conversations()).toEqual([
      { conversation: chatWith(ALICE), lastTimestamp: 200, lastPreview: 'two', lastDirection: 'in', unread: 2, mentions: 0 },
    ]);
    // an older message (archive backfill) counts but does not change the preview
    await h.storeWireMessages([wire({ body: 'old', timestamp: 50, via: 'archive' })]);
    expect((await h.conversations())[0]).toMatchObject({ lastPreview: 'two', lastTimestamp: 200, unread: 3 });
    // our own message sent here: newest, never unread (and it does not read anything: the read rule does)
    await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'r', body: '  my\n reply ', timestamp: 300 });
    expect((await h.conversations())[0]).toMatchObject({ lastPreview: 'my reply', lastDirection: 'out', unread: 3 });
    // equal timestamp, later arrival: becomes the preview
    await h.storeWireMessages([wire({ body: 'same time', timestamp: 300 })]);
    expect((await h.conversations())[0]).toMatchObject({ lastPreview: 'same time', lastDirection: 'in', unread: 4 });
    // an outgoing carbon from another device of ours does not count, and reads what came before
    await h.storeWireMessages([wire({ direction: 'out', from: `${ME}/phone`, body: 'from phone', timestamp: 400, via: 'carbon' })]);
    expect((await h.conversations())[0]).toMatchObject({ lastPreview: 'from phone', lastDirection: 'out', unread: 0 });
    expect((await h.latest(chatWith(ALICE), 1))[0]).toMatchObject({ status: 'sent', read: true });
  });

  it('lists conversations newest activity first', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ timestamp: 100 }), wire({ conversation: chatWith(BOB), from: BOB, timestamp: 200 })]);
    expect((await h.conversations()).map((c) => c.conversation.jid)).toEqual([BOB, ALICE]);
    await h.storeWireMessages([wire({ timestamp: 300 })]);
    expect((await h.conversations()).map((c) => c.conversation.jid)).toEqual([ALICE, BOB]);
  });

  it('ensureConversation adds an empty row once and never overwrites', async ({ open }) => {
    const h = await open();
    const before = Date.now();
    await h.ensureConversation(chatWith(BOB));
    const [row] = await h.conversations();
    expect(row).toMatchObject({ conversation: chatWith(BOB), lastPreview: '', unread: 0 });
    expect(row!.lastTimestamp).toBeGreaterThanOrEqual(before);
    // the first message sets the fields even when it is older than the moment the chat was opened
    await h.storeWireMessages([wire({ conversation: chatWith(BOB), from: BOB, body: 'old archive', timestamp: 1 })]);
    await h.ensureConversation(chatWith(BOB));
    expect(await h.conversations()).toEqual([
      { conversation: chatWith(BOB), lastTimestamp: 1, lastPreview: 'old archive', lastDirection: 'in', unread: 1, mentions: 0 },
    ]);
  });

  it('markConversationRead reads every incoming message of that conversation only', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([
      wire({ body: 'a', timestamp: 1 }),
      wire({ body: 'b', timestamp: 2 }),
      wire({ conversation: chatWith(BOB), from: BOB, timestamp: 3 }),
    ]);
    const changes: string[][] = [];
    h.onChange((c) => changes.push(c.conversations));
    await h.markConversationRead(chatWith(ALICE));
    expect(changes).toEqual([[key(ALICE)]]);
    expect((await all(h, ALICE)).every((m) => m.read)).toBe(true);
    expect(await h.conversations()).toMatchObject([
      { conversation: chatWith(BOB), unread: 1 },
      { conversation: chatWith(ALICE), unread: 0 },
    ]);
    expect((await all(h, BOB))[0]!.read).toBe(false);
    await h.markConversationRead(chatWith(ALICE)); // nothing to do: no change event
    expect(changes).toHaveLength(1);
    await h.storeWireMessages([wire({ body: 'c', timestamp: 4 })]);
    expect((await h.conversations()).find((c) => c.conversation.jid === ALICE)!.unread).toBe(1);
    // a copy of an already-read message does not make it unread again
    await h.storeWireMessages([wire({ body: 'a', timestamp: 1 })]);
    expect((await h.conversations()).find((c) => c.conversation.jid === ALICE)!.unread).toBe(1);
  });
});

describe('status', () => {
  it('only moves forward', async ({ open }) => {
    const h = await open();
    const m = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 's1', body: 'x' });
    const status = async () => (await h.latest(chatWith(ALICE), 1))[0]!;
    await h.setStatus(m.key, 'delivered');
    expect((await status()).status).toBe('delivered');
    await h.setStatus(m.key, 'sent');
    expect((await status()).status).toBe('delivered');
    await h.setStatus(m.key, 'failed', 'late error');
    expect(await status()).toMatchObject({ status: 'delivered' });
    expect((await status()).error).toBeUndefined();
    await h.setStatus(m.key, 'read');
    await h.setStatus(m.key, 'pending');
    expect((await status()).status).toBe('read');
  });

  it('fails from pending with the error, and a retry moves back to pending', async ({ open }) => {
    const h = await open();
    const m = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 's2', body: 'x' });
    await h.setStatus(m.key, 'failed', 'service-unavailable');
    expect((await h.latest(chatWith(ALICE), 1))[0]).toMatchObject({ status: 'failed', error: 'service-unavailable' });
    await h.setStatus(m.key, 'pending');
    const row = (await h.latest(chatWith(ALICE), 1))[0]!;
    expect(row.status).toBe('pending');
    expect(row.error).toBeUndefined();
  });

  it('ignores unknown keys and incoming messages, and reports changes', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ originId: 'in1' })]);
    const incoming = (await h.latest(chatWith(ALICE), 1))[0]!;
    const changes: string[][] = [];
    const off = h.onChange((c) => changes.push(c.conversations));
    await h.setStatus('nope', 'sent');
    await h.setStatus(incoming.key, 'read');
    expect((await h.latest(chatWith(ALICE), 1))[0]!.status).toBeUndefined();
    expect(changes).toEqual([]);
    const m = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 's3', body: 'x' });
    await h.setStatus(m.key, 'sent');
    expect(changes).toEqual([[key(ALICE)], [key(ALICE)]]);
    off();
    await h.setStatus(m.key, 'read');
    expect(changes).toHaveLength(2);
  });
});

describe('persistence', () => {
  it('survives close and reopen with the same name', async ({ open }) => {
    const factory = new IDBFactory();
    const first = await open(factory, 'persisted');
    await first.storeWireMessages([wire({ originId: 'p1', body: 'kept', timestamp: 7 })]);
    const out = await first.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'p2', body: 'mine', timestamp: 7 });
    first.close();
    const second = await open(factory, 'persisted');
    expect((await all(second, ALICE)).map((m) => m.body)).toEqual(['kept', 'mine']);
    expect(await second.conversations()).toEqual([
      { conversation: chatWith(ALICE), lastTimestamp: 7, lastPreview: 'mine', lastDirection: 'out', unread: 1, mentions: 0 },
    ]);
    expect((await second.storeWireMessages([wire({ originId: 'p1', body: 'kept', timestamp: 7, via: 'archive', stanzaId: 'SP' })])).added).toBe(0);
    // the order counter continues after the reopen
    await second.storeWireMessages([wire({ body: 'after reopen', timestamp: 7 })]);
    const rows = await all(second, ALICE);
    expect(rows.map((m) => m.body)).toEqual(['kept', 'mine', 'after reopen']);
    expect(rows[2]!.order).toBeGreaterThan(out.order);
    // another name is another database
    expect(await (await open(factory, 'other')).conversations()).toEqual([]);
  });
});
