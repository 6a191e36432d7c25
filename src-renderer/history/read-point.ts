import Dexie from 'dexie';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { ReadPoint } from '../../src-shared/contract';
import { bareJid } from '../../src-shared/jid';
import { archiveOf, stanzaKey } from './keys';
import type { HistoryDb, MessageRow, PendingReadRow } from './schema';
import type { Cursor, ReadAdvance } from './types';

/**
 * A conversation's read point: every incoming message at or before it (by [timestamp, order]) is
 * read. It only moves forward: by seeing messages here, by read state from our other devices, and
 * by our own outgoing messages. All functions here run inside a caller's transaction.
 */

const UNREAD = '[unreadConversation+timestamp+order]';

/** Most read points kept per conversation while their messages have not arrived. */
export const MAX_PENDING_PER_CONVERSATION = 8;

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePosition(a: Cursor, b: Cursor): number {
  return a.timestamp - b.timestamp || a.order - b.order;
}

export function positionOf(row: Cursor): Cursor {
  return { timestamp: row.timestamp, order: row.order };
}

/**
 * Marks every unread incoming message of the conversation at or before `upTo` read, lowers the
 * unread counter by as many, and moves the read point to `upTo` if that is further. Returns the
 * rows it marked, oldest first.
 */
export async function advanceReadPoint(db: HistoryDb, conversation: ConversationKey, upTo: Cursor): Promise<MessageRow[]> {
  const covered: MessageRow[] = [];
  await db.messages
    .where(UNREAD)
    .between([conversation, Dexie.minKey, Dexie.minKey], [conversation, upTo.timestamp, upTo.order], true, true)
    .modify((row) => {
      row.read = true;
      delete row.unreadConversation;
      covered.push(row);
    });
  const record = await db.conversationRows.get(conversation);
  if (record) {
    const forward = !record.readTo || comparePosition(upTo, record.readTo) > 0;
    if (forward) record.readTo = positionOf(upTo);
    if (covered.length) {
      record.unread = Math.max(0, record.unread - covered.length);
      record.mentions = Math.max(0, (record.mentions ?? 0) - covered.filter((row) => row.mentionsMe).length);
    }
    if (forward || covered.length) await db.conversationRows.put(record);
  }
  return covered.sort(comparePosition);
}

/**
 * What a local read step means for the core: the marker target, and the stanza-id for MDS, which
 * names a message of the conversation's own archive (XEP-0490: our account's for a chat, the room's
 * for a room). A marker names the sender's message@id in a chat and the room's stanza-id in a room
 * (XEP-0333 §5; test/unit/history-reading.test.ts).
 */
export function summarize(conversation: ConversationRef, covered: readonly MessageRow[], account: string): ReadAdvance {
  const advance: ReadAdvance = { conversation, marked: covered.length };
  const archive = archiveOf(conversation, account);
  const room = conversation.kind === 'room';
  for (let i = covered.length - 1; i >= 0; i--) {
    const row = covered[i]!;
    const reference = room ? (row.stanzaIdBy === archive ? row.stanzaId : undefined) : row.id;
    if (advance.markerFor === undefined && row.markable && row.via !== 'archive' && reference) advance.markerFor = reference;
    if (advance.stanzaId === undefined && row.stanzaId && row.stanzaIdBy === archive) advance.stanzaId = row.stanzaId;
  }
  return advance;
}

/** The stanzaKey a read point names its message by: a stanza-id without `by` is the conversation's archive's. */
export function readPointStanzaKey(point: ReadPoint, account: string): string | undefined {
  if (!point.stanzaId) return undefined;
  return stanzaKey(point.stanzaIdBy ? bareJid(point.stanzaIdBy) : archiveOf(point.conversation, account), point.stanzaId);
}

/** The stored message a read point names, if it is here: by scoped stanza-id, else the other party's message@id. */
export async function findReadPointRow(db: HistoryDb, point: ReadPoint, account: string): Promise<MessageRow | undefined> {
  const conversation = conversationKey(point.conversation);
  const scoped = readPointStanzaKey(point, account);
  let rows: MessageRow[] = [];
  if (scoped) {
    rows = await db.messages
      .where('stanzaKey')
      .equals(scoped)
      .filter((row) => row.conversation === conversation)
      .toArray();
  } else if (point.messageId) {
    rows = await db.messages
      .where('[conversation+id]')
      .equals([conversation, point.messageId])
      .filter((row) => row.direction === 'in')
      .toArray();
  }
  return rows.sort(comparePosition).at(-1);
}

function sameTarget(a: PendingReadRow, b: PendingReadRow): boolean {
  return a.conversation === b.conversation && a.stanzaKey === b.stanzaKey && a.messageId === b.messageId;
}

/** Keeps a read point until its message arrives; the oldest kept ones go beyond MAX_PENDING_PER_CONVERSATION. */
export async function keepPending(db: HistoryDb, point: ReadPoint, now: number, account: string): Promise<void> {
  const scoped = readPointStanzaKey(point, account);
  if (!scoped && !point.messageId) return;
  const conversation = conversationKey(point.conversation);
  const row: PendingReadRow = { conversation, source: point.source, at: now };
  if (scoped) {
    row.stanzaId = point.stanzaId!;
    row.stanzaIdBy = scoped.slice(0, scoped.indexOf(' '));
    row.stanzaKey = scoped;
  } else row.messageId = point.messageId!;
  const kept = await db.pendingReads.where('conversation').equals(conversation).sortBy('at');
  if (kept.some((other) => sameTarget(other, row))) return;
  const excess = kept.length + 1 - MAX_PENDING_PER_CONVERSATION;
  if (excess > 0) await db.pendingReads.bulkDelete(kept.slice(0, excess).map((other) => other.seq!));
  await db.pendingReads.add(row);
}

/**
 * Before new rows are written: our own new outgoing messages that came over the wire (sent from
 * another device, or archive copies) move their conversation's read point to themselves; one sent
 * here does not, since here the read rule knows what was seen. Kept read points whose message is
 * among `stored` are applied (and forgotten);
 * the conversation's read point still covers new incoming messages behind it (archive backfill).
 * New incoming rows at or behind their conversation's target are marked read here, so they are
 * written and counted once. Returns the targets for applyReadTargets, after the write.
 */
export async function planReadPoints(
  db: HistoryDb,
  fresh: readonly MessageRow[],
  stored: readonly MessageRow[],
  fromWire: boolean,
): Promise<Map<ConversationKey, Cursor>> {
  const targets = new Map<ConversationKey, Cursor>();
  const raise = (conversation: ConversationKey, at: Cursor) => {
    const current = targets.get(conversation);
    if (!current || comparePosition(at, current) > 0) targets.set(conversation, positionOf(at));
  };
  if (fromWire) for (const row of fresh) if (row.direction === 'out') raise(row.conversation, row);

  const conversations = [...new Set(stored.map((row) => row.conversation))];
  const kept = conversations.length ? await db.pendingReads.where('conversation').anyOf(conversations).toArray() : [];
  const applied: number[] = [];
  for (const point of kept) {
    const row = stored
      .filter(
        (r) => r.conversation === point.conversation && (point.stanzaKey ? r.stanzaKey === point.stanzaKey : r.direction === 'in' && r.id === point.messageId),
      )
      .sort(comparePosition)
      .at(-1);
    if (!row) continue;
    raise(row.conversation, row);
    applied.push(point.seq!);
  }
  if (applied.length) await db.pendingReads.bulkDelete(applied);

  const incoming = fresh.filter((row) => row.direction === 'in');
  const incomingConversations = [...new Set(incoming.map((row) => row.conversation))];
  for (const record of await db.conversationRows.bulkGet(incomingConversations)) {
    if (record?.readTo) raise(record.conversation, record.readTo);
  }
  for (const row of incoming) {
    const target = targets.get(row.conversation);
    if (target && comparePosition(row, target) <= 0) {
      row.read = true;
      delete row.unreadConversation;
    }
  }
  return targets;
}

/** After the write: moves each read point to its target. Returns the conversations whose stored rows changed. */
export async function applyReadTargets(db: HistoryDb, targets: ReadonlyMap<ConversationKey, Cursor>): Promise<Set<ConversationKey>> {
  const changed = new Set<ConversationKey>();
  for (const [conversation, upTo] of targets) {
    const covered = await advanceReadPoint(db, conversation, upTo);
    if (covered.length) changed.add(conversation);
  }
  return changed;
}
