import Dexie from 'dexie';
import type { ConversationKey } from '../../src-shared/contract';
import { refOfKey } from './conversations';
import type { HistoryDb, MessageRow } from './schema';
import type { Cursor, StoredMessage } from './types';

/** All paging runs on the [conversation+timestamp+order] index; nothing is sorted or counted in memory. */
const INDEX = '[conversation+timestamp+order]';

/** The public shape of a message row (drops the index-only fields). */
export function toStoredMessage(row: MessageRow): StoredMessage {
  const {
    conversation,
    senderKey: _senderKey,
    clientId: _clientId,
    stanzaKey: _stanzaKey,
    unreadConversation: _unreadConversation,
    unreadOutConversation: _unreadOutConversation,
    outboxAt: _outboxAt,
    writtenAfter: _writtenAfter,
    amendIds: _amendIds,
    ...message
  } = row;
  return { ...message, conversation: refOfKey(conversation) };
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

async function newestFirst(db: HistoryDb, lower: unknown[], upper: unknown[], lowerOpen: boolean, upperOpen: boolean, limit: number): Promise<StoredMessage[]> {
  const n = clampLimit(limit);
  if (n === 0) return [];
  const rows = await db.messages.where(INDEX).between(lower, upper, !lowerOpen, !upperOpen).reverse().limit(n).toArray();
  return rows.reverse().map(toStoredMessage);
}

export function latest(db: HistoryDb, conversation: ConversationKey, limit: number): Promise<StoredMessage[]> {
  return newestFirst(db, [conversation, Dexie.minKey, Dexie.minKey], [conversation, Dexie.maxKey, Dexie.maxKey], false, false, limit);
}

export function before(db: HistoryDb, conversation: ConversationKey, cursor: Cursor, limit: number): Promise<StoredMessage[]> {
  return newestFirst(db, [conversation, Dexie.minKey, Dexie.minKey], [conversation, cursor.timestamp, cursor.order], false, true, limit);
}

export async function after(db: HistoryDb, conversation: ConversationKey, cursor: Cursor, limit: number): Promise<StoredMessage[]> {
  const n = clampLimit(limit);
  if (n === 0) return [];
  const rows = await db.messages
    .where(INDEX)
    .between([conversation, cursor.timestamp, cursor.order], [conversation, Dexie.maxKey, Dexie.maxKey], false, true)
    .limit(n)
    .toArray();
  return rows.map(toStoredMessage);
}

/** The oldest unread incoming message of a conversation (first on the sparse unread index). */
export async function firstUnread(db: HistoryDb, conversation: ConversationKey): Promise<StoredMessage | undefined> {
  const row = await db.messages
    .where('[unreadConversation+timestamp+order]')
    .between([conversation, Dexie.minKey, Dexie.minKey], [conversation, Dexie.maxKey, Dexie.maxKey])
    .first();
  return row && toStoredMessage(row);
}
