import Dexie from 'dexie';
import type { HistoryDb, MessageRow } from './schema';
import type { Cursor, StoredMessage } from './types';

/** All paging runs on the [peer+timestamp+order] index; nothing is sorted or counted in memory. */
const INDEX = '[peer+timestamp+order]';

/** The public shape of a message row (drops the index-only fields). */
export function toStoredMessage(row: MessageRow): StoredMessage {
  const { sender: _sender, clientId: _clientId, unreadPeer: _unreadPeer, unreadOutPeer: _unreadOutPeer, outboxAt: _outboxAt, writtenAfter: _writtenAfter, ...message } = row;
  return message;
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

export function latest(db: HistoryDb, peer: string, limit: number): Promise<StoredMessage[]> {
  return newestFirst(db, [peer, Dexie.minKey, Dexie.minKey], [peer, Dexie.maxKey, Dexie.maxKey], false, false, limit);
}

export function before(db: HistoryDb, peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]> {
  return newestFirst(db, [peer, Dexie.minKey, Dexie.minKey], [peer, cursor.timestamp, cursor.order], false, true, limit);
}

export async function after(db: HistoryDb, peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]> {
  const n = clampLimit(limit);
  if (n === 0) return [];
  const rows = await db.messages
    .where(INDEX)
    .between([peer, cursor.timestamp, cursor.order], [peer, Dexie.maxKey, Dexie.maxKey], false, true)
    .limit(n)
    .toArray();
  return rows.map(toStoredMessage);
}

/** The oldest unread incoming message of a conversation (first on the sparse unread index). */
export async function firstUnread(db: HistoryDb, peer: string): Promise<StoredMessage | undefined> {
  const row = await db.messages
    .where('[unreadPeer+timestamp+order]')
    .between([peer, Dexie.minKey, Dexie.minKey], [peer, Dexie.maxKey, Dexie.maxKey])
    .first();
  return row && toStoredMessage(row);
}
