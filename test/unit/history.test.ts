import { describe, expect } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import type { WireMessage } from '../../src-shared/contract';
import { ALICE, everyMessage as all, BOB, chatKey as key, historyTest as it, ME, wire } from '../support/fixtures/history';

describe('dedupe', () => {
  it('stores a live message, its carbon and its archive copy once', async ({ open }) => {
    const h = await open();
    const live = wire({ id: 'm1', originId: 'o1', stanzaId: 'S1', body: 'hello' });
    expect(await h.storeWireMessages([live])).toEqual({ added: 1, conversations: [key(ALICE)] });
    expect(await h.storeWireMessages([{ ...live, via: 'carbon' }])).toEqual({ added: 0, conversations: [] });
    expect(await h.storeWireMessages([{ ...live, via: 'archive', from: `${ALICE}/laptop`, timestamp: 999 }])).toEqual({ added: 0, conversations: [] });
    const rows = await all(h, ALICE);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body: 'hello', stanzaId: 'S1', originId: 'o1', id: 'm1', direction: 'in', read: false });
    expect((await h.conversations())[0]!.unread).toBe(1);
  });

  it('merges an archive copy with a stanza-id into a live copy that had none', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ originId: 'o2', body: 'no stanza id live' })]);
    const result = await h.storeWireMessages([wire({ originId: 'o2', stanzaId: 'S2', via: 'archive', from: `${ALICE}/other` })]);
    expect(result.added).toBe(0);
    expect(result.conversations).toEqual([key(ALICE)]); // the row gained its stanza-id
    const rows = await all(h, ALICE);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stanzaId).toBe('S2');
    // and a later copy found only by stanza-id is recognised too
    expect((await h.storeWireMessages([wire({ stanzaId: 'S2', via: 'archive' })])).added).toBe(0);
  });

  it('recognises the archive copy of a live chat message by its sender and id, and keeps another message reusing the id apart', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ id: 'plain', stanzaId: 'S7', body: 'live' })]);
    expect((await h.storeWireMessages([wire({ id: 'plain', stanzaId: 'S7', body: 'live', via: 'archive', from: `${ALICE}/laptop` })])).added).toBe(0);
    expect((await h.storeWireMessages([wire({ id: 'plain', stanzaId: 'S8', body: 'reused id', via: 'archive' })])).added).toBe(1);
    expect((await all(h, ALICE)).map((m) => [m.body, m.stanzaId])).toEqual([
      ['live', 'S7'],
      ['reused id', 'S8'],
    ]);
  });

  it('merges the archive copy of our own message into the outgoing row', async ({ open }) => {
    const h = await open();
    const out = await h.addOutgoing({ conversation: chatWith(ALICE), from: `${ME}/desktop`, id: 'uuid-1', body: 'mine', timestamp: 5_000 });
    expect(out).toMatchObject({ conversation: chatWith(ALICE), direction: 'out', status: 'pending', originId: 'uuid-1', id: 'uuid-1', read: true });
    const archived = wire({
      direction: 'out',
      from: `${ME.toUpperCase()}/desktop`,
      id: 'uuid-1',
      originId: 'uuid-1',
      stanzaId: 'S-out',
      body: 'mine',
      timestamp: 5_003,
      via: 'archive',
    });
    expect((await h.storeWireMessages([archived])).added).toBe(0);
    const rows = await all(h, ALICE);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: out.key, stanzaId: 'S-out', status: 'sent', timestamp: 5_000 });
    // a copy from another resource of ours with the same stanza-id: still one row
    expect((await h.storeWireMessages([{ ...archived, from: `${ME}/phone` }])).added).toBe(0);
    expect(await all(h, ALICE)).toHaveLength(1);
  });

  it('does not move an acknowledged status back when the archive copy arrives', async ({ open }) => {
    const h = await open();
    const out = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'u2', body: 'x' });
    await h.setStatus(out.key, 'sent');
    await h.setStatus(out.key, 'delivered');
    await h.storeWireMessages([wire({ direction: 'out', from: `${ME}/x`, originId: 'u2', stanzaId: 'S3', via: 'archive' })]);
    expect((await all(h, ALICE))[0]).toMatchObject({ status: 'delivered', stanzaId: 'S3' });
  });

  it('addOutgoing is idempotent for the same id', async ({ open }) => {
    const h = await open();
    const a = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'same', body: 'x' });
    const b = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'same', body: 'x' });
    expect(b.key).toBe(a.key);
    expect(await all(h, ALICE)).toHaveLength(1);
  });

  it('ignores the sender resource for origin-id dedupe', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ from: `${ALICE}/phone`, originId: 'o3' })]);
    expect((await h.storeWireMessages([wire({ from: `${ALICE}/laptop`, originId: 'o3', via: 'carbon' })])).added).toBe(0);
  });

  it('falls back to message@id when there is no origin-id', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ id: 'plain-id' })]);
    expect((await h.storeWireMessages([wire({ id: 'plain-id', via: 'archive', stanzaId: 'S9' })])).added).toBe(0);
    expect((await all(h, ALICE))[0]!.stanzaId).toBe('S9');
  });

  it('keeps different messages that reuse an id apart (different stanza-ids, senders or conversations)', async ({ open }) => {
    const h = await open();
    const r = await h.storeWireMessages([
      wire({ id: '1', stanzaId: 'A', body: 'first' }),
      wire({ id: '1', stanzaId: 'B', body: 'second' }),
      wire({ id: '1', conversation: chatWith(BOB), from: `${BOB}/x`, body: 'bob' }),
      wire({ id: '1', direction: 'out', from: `${ME}/d`, body: 'ours to alice' }),
      wire({ id: '1', direction: 'out', conversation: chatWith(BOB), from: `${ME}/d`, body: 'ours to bob' }),
    ]);
    expect(r.added).toBe(5);
    expect((await all(h, ALICE)).map((m) => m.body)).toEqual(['first', 'second', 'ours to alice']);
    expect((await all(h, BOB)).map((m) => m.body)).toEqual(['bob', 'ours to bob']);
  });

  it('stores a message sent twice with one origin-id once, though the archive holds two copies', async ({ open }) => {
    const h = await open();
    const mine = await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'origin-1', body: 'sent twice', timestamp: 5 });
    await h.storeWireMessages([wire({ direction: 'out', from: `${ME}/d`, originId: 'origin-1', stanzaId: 'S1', body: 'sent twice', via: 'archive' })]);
    const r = await h.storeWireMessages([
      wire({ direction: 'out', from: `${ME}/d`, originId: 'origin-1', stanzaId: 'S2', body: 'sent twice', via: 'archive' }),
    ]);
    expect(r.added).toBe(0);
    expect(await all(h, ALICE)).toMatchObject([{ key: mine.key, stanzaId: 'S1', status: 'sent' }]);
    // the same from Alice: she resent it
    await h.storeWireMessages([wire({ originId: 'theirs', stanzaId: 'S3', body: 'hi' }), wire({ originId: 'theirs', stanzaId: 'S4', body: 'hi' })]);
    expect((await all(h, ALICE)).map((m) => m.body)).toEqual(['sent twice', 'hi']);
  });

  it('stores the same message once when it appears twice in one batch', async ({ open }) => {
    const h = await open();
    const m = wire({ originId: 'dup', body: 'twice' });
    const r = await h.storeWireMessages([m, { ...m, stanzaId: 'S-dup', via: 'carbon' }]);
    expect(r.added).toBe(1);
    expect(await all(h, ALICE)).toMatchObject([{ body: 'twice', stanzaId: 'S-dup' }]);
    expect((await h.conversations())[0]!.unread).toBe(1);
  });

  it('scopes stanza-ids by the archive that assigned them: equal ids from two archives never merge', async ({ open }) => {
    const h = await open();
    const ROOM = 'team@rooms.example.org';
    const inRoom = (fields: Partial<WireMessage>) =>
      wire({ conversation: roomAt(ROOM), from: `${ROOM}/carol`, sender: { nick: 'carol', occupantId: 'occ-1' }, ...fields });
    await h.storeWireMessages([wire({ stanzaId: 'X1', stanzaIdBy: ME, body: 'chat' }), inRoom({ stanzaId: 'X1', stanzaIdBy: ROOM, body: 'room' })]);
    expect(await all(h, ALICE)).toMatchObject([{ body: 'chat', stanzaId: 'X1', stanzaIdBy: ME, key: 's:X1' }]);
    const room = await h.latest(roomAt(ROOM), 10);
    expect(room).toMatchObject([{ body: 'room', stanzaId: 'X1', stanzaIdBy: ROOM, sender: { nick: 'carol', occupantId: 'occ-1' } }]);
    // a copy of each merges with its own archive's row only (no `by`: the conversation's archive)
    expect(
      (
        await h.storeWireMessages([
          wire({ stanzaId: 'X1', via: 'archive', body: 'chat' }),
          inRoom({ stanzaId: 'X1', stanzaIdBy: ROOM, via: 'archive', body: 'room' }),
        ])
      ).added,
    ).toBe(0);
    // and a third archive's X1 is another message again
    const OTHER = 'other@rooms.example.org';
    expect((await h.storeWireMessages([inRoom({ conversation: roomAt(OTHER), stanzaId: 'X1', stanzaIdBy: OTHER, body: 'room' })])).added).toBe(1);
    expect(await h.latest(roomAt(OTHER), 10)).toMatchObject([{ key: `a:${OTHER} X1` }]);
  });

  it('stores messages without any id, once', async ({ open }) => {
    const h = await open();
    const bare = wire({ body: 'anonymous', timestamp: 42 });
    expect((await h.storeWireMessages([bare])).added).toBe(1);
    expect((await h.storeWireMessages([{ ...bare }])).added).toBe(0);
    expect((await h.storeWireMessages([{ ...bare, body: 'another' }])).added).toBe(1);
    expect(await all(h, ALICE)).toHaveLength(2);
  });
});

describe('ordering', () => {
  it('keeps arrival order for equal timestamps, across calls', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ body: 'a', timestamp: 10 }), wire({ body: 'b', timestamp: 10 })]);
    await h.addOutgoing({ conversation: chatWith(ALICE), from: ME, id: 'c', body: 'c', timestamp: 10 });
    await h.storeWireMessages([wire({ body: 'd', timestamp: 10 }), wire({ body: 'early', timestamp: 5 })]);
    const rows = await all(h, ALICE);
    expect(rows.map((m) => m.body)).toEqual(['early', 'a', 'b', 'c', 'd']);
    const orders = rows.slice(1).map((m) => m.order);
    expect(orders).toEqual([...orders].sort((x, y) => x - y));
    expect(new Set(rows.map((m) => m.order)).size).toBe(5);
  });

  it('latest returns the newest messages in ascending order; before/after page around a cursor', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([1, 2, 3, 4, 5].map((t) => wire({ body: `m${t}`, timestamp: t })));
    const last3 = await h.latest(chatWith(ALICE), 3);
    expect(last3.map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
    expect((await h.before(chatWith(ALICE), last3[0]!, 10)).map((m) => m.body)).toEqual(['m1', 'm2']);
    expect((await h.after(chatWith(ALICE), last3[0]!, 1)).map((m) => m.body)).toEqual(['m4']);
    expect(await h.latest(chatWith(ALICE), 0)).toEqual([]);
    expect(await h.latest(chatWith('nobody@example.org'), 5)).toEqual([]);
  });

  it('returns the public shape only', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([wire({ originId: 'o' })]);
    const [row] = await h.latest(chatWith(ALICE), 1);
    expect(Object.keys(row!).sort()).toEqual(['body', 'conversation', 'direction', 'from', 'key', 'order', 'originId', 'read', 'sender', 'timestamp', 'via']);
    expect(row).toMatchObject({ conversation: chatWith(ALICE), sender: { jid: ALICE } });
  });
});
