import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import { bareJid } from '../../src-shared/jid';
import type { WireMessage } from '../../src-shared/contract';
import { openHistory, type StoredMessage } from '../../src-renderer/history';

const ME = 'me@example.org';
const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('paging over 1,000 messages', () => {
  it('before and after return every message exactly once, in order', async () => {
    const rand = random(7);
    const messages: WireMessage[] = [];
    for (let i = 0; i < 1_000; i++) {
      // few distinct timestamps, so many ties that only arrival order can break
      const timestamp = 1_700_000_000_000 + Math.floor(rand() * 120) * 1_000;
      const direction = rand() < 0.3 ? 'out' : 'in';
      const from = rand() < 0.3 ? `${ME}/d` : `${ALICE}/p`;
      messages.push({
        conversation: chatWith(ALICE),
        direction,
        from,
        sender: { jid: bareJid(from) },
        stanzaId: `S${i}`,
        body: `m${i}`,
        timestamp,
        via: 'archive',
      });
      if (i % 3 === 0)
        messages.push({
          conversation: chatWith(BOB),
          direction: 'in',
          from: `${BOB}/p`,
          sender: { jid: BOB },
          stanzaId: `B${i}`,
          body: `bob${i}`,
          timestamp,
          via: 'archive',
        });
    }
    const h = await openHistory({ account: ME, name: 'paging', indexedDB: new IDBFactory(), IDBKeyRange });
    // arrive in several calls, like archive pages
    for (let start = 0; start < messages.length; start += 333) await h.storeWireMessages(messages.slice(start, start + 333));

    // expected: by timestamp, ties in arrival order (Array.prototype.sort is stable)
    const expected = messages
      .filter((m) => m.conversation.jid === ALICE)
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((m) => m.body);

    const assertAscending = (rows: StoredMessage[]) => {
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        expect(a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.order < b.order)).toBe(true);
      }
    };

    // backwards from the newest, pages of 37
    let page = await h.latest(chatWith(ALICE), 37);
    const backwards: StoredMessage[][] = [];
    while (page.length > 0) {
      assertAscending(page);
      backwards.unshift(page);
      page = await h.before(chatWith(ALICE), page[0]!, 37);
    }
    const older = backwards.flat();
    assertAscending(older);
    expect(older.map((m) => m.body)).toEqual(expected);

    // forwards from the oldest, pages of 41
    const forwards: StoredMessage[] = [older[0]!];
    for (;;) {
      const next = await h.after(chatWith(ALICE), forwards[forwards.length - 1]!, 41);
      if (next.length === 0) break;
      assertAscending(next);
      forwards.push(...next);
    }
    expect(forwards.map((m) => m.body)).toEqual(expected);
    expect(new Set(forwards.map((m) => m.key)).size).toBe(1_000);

    // the other conversation is separate
    expect((await h.latest(chatWith(BOB), 10_000)).every((m) => m.conversation.jid === BOB)).toBe(true);
    expect(await h.latest(chatWith(BOB), 10_000)).toHaveLength(334);
    h.close();
  });
});
