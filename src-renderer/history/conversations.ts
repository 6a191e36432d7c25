import type { ConversationRecord, HistoryDb, MessageRow } from './schema';
import type { ConversationRow } from './types';

/** Longest preview kept on a conversation row. */
export const PREVIEW_LENGTH = 160;

export function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

export function emptyConversation(peer: string, now: number): ConversationRecord {
  return { peer, lastTimestamp: now, lastPreview: '', lastDirection: 'out', unread: 0, empty: true };
}

/**
 * Folds one new row into its conversation: last* only when the row is the newest (equal
 * timestamps: the later arrival, which sorts after), unread +1 for a new unread incoming message.
 */
export function applyNewMessage(conversation: ConversationRecord, row: MessageRow): void {
  if (conversation.empty || row.timestamp >= conversation.lastTimestamp) {
    conversation.lastTimestamp = row.timestamp;
    conversation.lastPreview = preview(row.body);
    conversation.lastDirection = row.direction;
    delete conversation.empty;
  }
  if (row.direction === 'in' && !row.read) conversation.unread += 1;
}

/** Updates the conversation rows for new message rows (given in arrival order). Inside a transaction. */
export async function updateConversations(db: HistoryDb, rows: MessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const peers = [...new Set(rows.map((row) => row.peer))];
  const existing = await db.conversations.bulkGet(peers);
  const byPeer = new Map<string, ConversationRecord>();
  peers.forEach((peer, i) => byPeer.set(peer, existing[i] ?? { ...emptyConversation(peer, 0) }));
  for (const row of rows) applyNewMessage(byPeer.get(row.peer)!, row);
  await db.conversations.bulkPut([...byPeer.values()]);
}

/** The public shape of a conversation row (drops internal fields). */
export function toConversationRow(record: ConversationRecord): ConversationRow {
  const { peer, lastTimestamp, lastPreview, lastDirection, unread } = record;
  return { peer, lastTimestamp, lastPreview, lastDirection, unread };
}
