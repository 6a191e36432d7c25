import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { chatWith, conversationKey, type ConversationKey } from '../../src-shared/conversation';
import type { WireMessage } from '../../src-shared/contract';
import { CHUNK_SIZE, openHistory } from '../../src-renderer/history';

const ME = 'me@example.org';
const CONTACTS = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'];

describe('bulk store', () => {
  it('stores 10,000 messages in chunked transactions, and a repeat adds nothing', { timeout: 60_000 }, async () => {
    const messages: WireMessage[] = [];
    for (let i = 0; i < 10_000; i++) {
      const contact = CONTACTS[i % CONTACTS.length]!;
      const incoming = i % 5 !== 0;
      messages.push({
        conversation: chatWith(contact),
        direction: incoming ? 'in' : 'out',
        from: incoming ? `${contact}/r` : `${ME}/d`,
        sender: { jid: incoming ? contact : ME },
        originId: `o${i}`,
        stanzaId: `S${i}`,
        body: `message ${i}`,
        timestamp: 1_000_000 + i,
        via: 'archive',
      });
    }
    const factory = new IDBFactory();
    const h = await openHistory({ account: ME, name: 'bulk', indexedDB: factory, IDBKeyRange });
    const changes: ConversationKey[][] = [];
    h.onChange((c) => changes.push(c.conversations));

    const first = await h.storeWireMessages(messages);
    expect(first.added).toBe(10_000);
    expect([...first.conversations].sort()).toEqual(CONTACTS.map((jid) => conversationKey(chatWith(jid))));
    expect(CHUNK_SIZE).toBe(250);
    expect(changes).toHaveLength(10_000 / CHUNK_SIZE); // one committed transaction per chunk

    const conversations = await h.conversations();
    expect(conversations.map((c) => c.conversation.jid)).toEqual(['d@example.org', 'c@example.org', 'b@example.org', 'a@example.org']);
    // every 5th message is ours, and our own message reads everything before it: unread are only
    // the incoming messages after each conversation's last outgoing one (4 + 3 + 2 + 1)
    expect(conversations.reduce((sum, c) => sum + c.unread, 0)).toBe(10);
    expect(conversations[0]).toMatchObject({ lastTimestamp: 1_000_000 + 9_999, lastPreview: 'message 9999' });
    for (const contact of CONTACTS) expect(await h.latest(chatWith(contact), 100_000)).toHaveLength(2_500);

    changes.length = 0;
    const again = await h.storeWireMessages(messages.map((m) => ({ ...m, via: 'live' as const })));
    expect(again).toEqual({ added: 0, conversations: [] });
    expect(changes).toEqual([]);
    expect((await h.conversations()).reduce((sum, c) => sum + c.unread, 0)).toBe(10);
    h.close();

    // the raw table has exactly 10,000 rows (count() is fine in a test)
    const raw = new Dexie('bulk', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(await raw.table('messages').count()).toBe(10_000);
    raw.close();
  });
});
