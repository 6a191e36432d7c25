import Dexie from 'dexie';
import { conversationKey, type ConversationRef } from '../../src-shared/conversation';
import { archiveOf, stanzaKey } from './keys';
import { toStoredMessage } from './queries';
import { comparePosition } from './read-point';
import type { HistoryDb, MessageRow } from './schema';
import type { MessageTarget, StoredMessage } from './types';

/** Lookups by something other than position: the outbox, and a message named by a notification or link. */

/**
 * Our outgoing messages still pending (the outbox), oldest first, created at or before
 * `createdBefore` (ms since the epoch; all when omitted). Runs on the sparse [outboxAt+order] index.
 */
export async function pendingOutgoing(db: HistoryDb, createdBefore = Infinity): Promise<StoredMessage[]> {
  const upper = Number.isFinite(createdBefore) ? [createdBefore, Dexie.maxKey] : [Dexie.maxKey, Dexie.maxKey];
  const rows = await db.messages.where('[outboxAt+order]').between([Dexie.minKey, Dexie.minKey], upper, true, true).toArray();
  return rows.map(toStoredMessage);
}

function newest(rows: MessageRow[]): StoredMessage | undefined {
  const row = rows.sort(comparePosition).at(-1);
  return row && toStoredMessage(row);
}

/**
 * The message of the conversation that `ref` names: by stanza-id (from the conversation's archive),
 * else by the other party's own id (origin-id, else message@id), else the one nearest in time (the
 * later on a tie).
 */
export async function findMessage(db: HistoryDb, conversation: ConversationRef, ref: MessageTarget, account: string): Promise<StoredMessage | undefined> {
  const key = conversationKey(conversation);
  if (ref.key) {
    const row = await db.messages.get(ref.key);
    if (row?.conversation === key) return toStoredMessage(row);
  }
  if (ref.stanzaId) {
    const scoped = stanzaKey(archiveOf(conversation, account), ref.stanzaId);
    const found = newest(
      await db.messages
        .where('stanzaKey')
        .equals(scoped)
        .filter((row) => row.conversation === key)
        .toArray(),
    );
    if (found) return found;
  }
  if (ref.clientId) {
    // In a chat the other party's sender key is the chat's JID (keys.ts senderKey).
    const rows = await db.messages
      .where('[senderKey+clientId]')
      .equals([conversation.jid, ref.clientId])
      .filter((row) => row.conversation === key)
      .toArray();
    const found = newest(rows);
    if (found) return found;
  }
  if (!Number.isFinite(ref.timestamp)) return undefined;
  const [later, earlier] = await Promise.all([
    db.messages.where('[conversation+timestamp+order]').between([key, ref.timestamp, Dexie.minKey], [key, Dexie.maxKey, Dexie.maxKey], true, true).first(),
    db.messages.where('[conversation+timestamp+order]').between([key, Dexie.minKey, Dexie.minKey], [key, ref.timestamp, Dexie.minKey], true, false).last(),
  ]);
  const nearest = !earlier || (later && later.timestamp - ref.timestamp <= ref.timestamp - earlier.timestamp) ? later : earlier;
  return nearest && toStoredMessage(nearest);
}

/**
 * The message a reply or another action names (authorship.ts referenceOf): by message@id in a
 * chat, by the room's stanza-id in a room; the newest if an id was reused.
 */
export async function byReference(db: HistoryDb, conversation: ConversationRef, reference: string): Promise<StoredMessage | undefined> {
  const key = conversationKey(conversation);
  const rows =
    conversation.kind === 'room'
      ? await db.messages.where('stanzaKey').equals(stanzaKey(conversation.jid, reference)).toArray()
      : await db.messages.where('[conversation+id]').equals([key, reference]).toArray();
  const row = rows
    .filter((r) => r.conversation === key)
    .sort(comparePosition)
    .at(-1);
  return row && toStoredMessage(row);
}
