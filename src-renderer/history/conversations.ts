import type { ConversationKey, ConversationRef } from '../../src-shared/contract';
import type { ConversationRecord, HistoryDb, MessageRow } from './schema';
import type { ConversationRow } from './types';

/** Longest preview kept on a conversation row. */
export const PREVIEW_LENGTH = 160;

export function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

/** The ref of a key history stored (always well-formed: it was made by conversationKey). */
export function refOfKey(key: ConversationKey): ConversationRef {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as ConversationRef['kind'], jid: key.slice(colon + 1) };
}

export function emptyConversation(conversation: ConversationKey, now: number): ConversationRecord {
  return { conversation, lastTimestamp: now, lastPreview: '', lastDirection: 'out', unread: 0, mentions: 0, empty: true };
}

/**
 * Folds one new row into its conversation: last* only when the row is the newest (equal
 * timestamps: the later arrival, which sorts after), unread +1 for a new unread incoming message
 * (and mentions +1 when it mentions us). A room's quiet line changes nothing: it neither counts
 * nor becomes the preview (test/unit/room-notices-history.test.ts).
 */
export function applyNewMessage(conversation: ConversationRecord, row: MessageRow): void {
  if (row.notice) return;
  if (conversation.empty || row.timestamp >= conversation.lastTimestamp) {
    conversation.lastTimestamp = row.timestamp;
    conversation.lastPreview = preview(row.body);
    conversation.lastDirection = row.direction;
    delete conversation.empty;
  }
  if (row.direction === 'in' && !row.read) {
    conversation.unread += 1;
    if (row.mentionsMe) conversation.mentions = (conversation.mentions ?? 0) + 1;
  }
}

/** Updates the conversation rows for new message rows (given in arrival order). Inside a transaction. */
export async function updateConversations(db: HistoryDb, rows: MessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = [...new Set(rows.map((row) => row.conversation))];
  const existing = await db.conversationRows.bulkGet(keys);
  const byKey = new Map<ConversationKey, ConversationRecord>();
  keys.forEach((key, i) => byKey.set(key, existing[i] ?? { ...emptyConversation(key, 0) }));
  for (const row of rows) applyNewMessage(byKey.get(row.conversation)!, row);
  await db.conversationRows.bulkPut([...byKey.values()]);
}

/** The public shape of a conversation row (drops internal fields). */
export function toConversationRow(record: ConversationRecord): ConversationRow {
  const { conversation, lastTimestamp, lastPreview, lastDirection, unread, pinnedAt, archivedAt } = record;
  return {
    conversation: refOfKey(conversation),
    lastTimestamp,
    lastPreview,
    lastDirection,
    unread,
    mentions: record.mentions ?? 0,
    ...(pinnedAt !== undefined ? { pinnedAt } : {}),
    ...(archivedAt !== undefined ? { archivedAt } : {}),
  };
}

/** Pins or archives a conversation row (creating it when it has none yet). */
export async function organiseConversation(db: HistoryDb, key: ConversationKey, change: { pinned?: boolean; archived?: boolean }, now: number): Promise<void> {
  await db.transaction('rw', db.conversationRows, async () => {
    const record = (await db.conversationRows.get(key)) ?? emptyConversation(key, now);
    if (change.pinned === true) record.pinnedAt ??= now;
    if (change.pinned === false) delete record.pinnedAt;
    // Archived until something newer than the newest message arrives (types.ts, ConversationRow).
    if (change.archived === true) record.archivedAt = Math.max(now, record.lastTimestamp);
    if (change.archived === false) delete record.archivedAt;
    await db.conversationRows.put(record);
  });
}
