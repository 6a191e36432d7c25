import Dexie from 'dexie';
import type { ReadPoint } from '../../src-shared/contract';
import type { HistoryDb, MessageRow } from './schema';
import type { Cursor, ReadAdvance } from './types';

/**
 * A conversation's read point: every incoming message at or before it (by [timestamp, order]) is
 * read. It only moves forward: by seeing messages here, by read state from our other devices, and
 * by our own outgoing messages. All functions here run inside a caller's transaction.
 */

const UNREAD = '[unreadPeer+timestamp+order]';

/** Most read points kept per conversation while their messages have not arrived. */
export const MAX_PENDING_PER_PEER = 8;

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePosition(a: Cursor, b: Cursor): number {
  return a.timestamp - b.timestamp || a.order - b.order;
}

export function positionOf(row: Cursor): Cursor {
  return { timestamp: row.timestamp, order: row.order };
}

/**
 * Marks every unread incoming message of `peer` at or before `upTo` read, lowers the unread
 * counter by as many, and moves the read point to `upTo` if that is further. Returns the rows it
 * marked, oldest first.
 */
export async function advanceReadPoint(db: HistoryDb, peer: string, upTo: Cursor): Promise<MessageRow[]> {
  const covered: MessageRow[] = [];
  await db.messages
    .where(UNREAD)
    .between([peer, Dexie.minKey, Dexie.minKey], [peer, upTo.timestamp, upTo.order], true, true)
    .modify((row) => {
      row.read = true;
      delete row.unreadPeer;
      covered.push(row);
    });
  const conversation = await db.conversations.get(peer);
  if (conversation) {
    const forward = !conversation.readTo || comparePosition(upTo, conversation.readTo) > 0;
    if (forward) conversation.readTo = positionOf(upTo);
    if (covered.length) conversation.unread = Math.max(0, conversation.unread - covered.length);
    if (forward || covered.length) await db.conversations.put(conversation);
  }
  return covered.sort(comparePosition);
}

/** What a local read step means for the core: the marker target and the MDS stanza-id. */
export function summarize(peer: string, covered: readonly MessageRow[]): ReadAdvance {
  const advance: ReadAdvance = { peer, marked: covered.length };
  for (let i = covered.length - 1; i >= 0; i--) {
    const row = covered[i]!;
    if (advance.markerFor === undefined && row.markable && row.via !== 'archive' && row.id) advance.markerFor = row.id;
    if (advance.stanzaId === undefined && row.stanzaId) advance.stanzaId = row.stanzaId;
  }
  return advance;
}

/** The stored message a read point names, if it is here: by stanza-id, else the peer's message@id. */
export async function findReadPointRow(db: HistoryDb, point: ReadPoint): Promise<MessageRow | undefined> {
  let rows: MessageRow[] = [];
  if (point.stanzaId) {
    rows = await db.messages.where('stanzaId').equals(point.stanzaId).filter((row) => row.peer === point.peer).toArray();
  } else if (point.messageId) {
    rows = await db.messages
      .where('[peer+id]')
      .equals([point.peer, point.messageId])
      .filter((row) => row.direction === 'in')
      .toArray();
  }
  return rows.sort(comparePosition).at(-1);
}

function sameTarget(a: ReadPoint, b: ReadPoint): boolean {
  return a.peer === b.peer && a.stanzaId === b.stanzaId && a.messageId === b.messageId;
}

/** Keeps a read point until its message arrives; the oldest kept ones go beyond MAX_PENDING_PER_PEER. */
export async function keepPending(db: HistoryDb, point: ReadPoint, now: number): Promise<void> {
  if (!point.stanzaId && !point.messageId) return;
  const kept = await db.pendingReads.where('peer').equals(point.peer).sortBy('at');
  if (kept.some((row) => sameTarget(row, point))) return;
  const excess = kept.length + 1 - MAX_PENDING_PER_PEER;
  if (excess > 0) await db.pendingReads.bulkDelete(kept.slice(0, excess).map((row) => row.seq!));
  const row = { peer: point.peer, source: point.source, at: now, ...(point.stanzaId ? { stanzaId: point.stanzaId } : { messageId: point.messageId }) };
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
): Promise<Map<string, Cursor>> {
  const targets = new Map<string, Cursor>();
  const raise = (peer: string, at: Cursor) => {
    const current = targets.get(peer);
    if (!current || comparePosition(at, current) > 0) targets.set(peer, positionOf(at));
  };
  if (fromWire) for (const row of fresh) if (row.direction === 'out') raise(row.peer, row);

  const peers = [...new Set(stored.map((row) => row.peer))];
  const kept = peers.length ? await db.pendingReads.where('peer').anyOf(peers).toArray() : [];
  const applied: number[] = [];
  for (const point of kept) {
    const row = stored
      .filter((r) => r.peer === point.peer && (point.stanzaId ? r.stanzaId === point.stanzaId : r.direction === 'in' && r.id === point.messageId))
      .sort(comparePosition)
      .at(-1);
    if (!row) continue;
    raise(row.peer, row);
    applied.push(point.seq!);
  }
  if (applied.length) await db.pendingReads.bulkDelete(applied);

  const incoming = fresh.filter((row) => row.direction === 'in');
  const incomingPeers = [...new Set(incoming.map((row) => row.peer))];
  for (const conversation of await db.conversations.bulkGet(incomingPeers)) {
    if (conversation?.readTo) raise(conversation.peer, conversation.readTo);
  }
  for (const row of incoming) {
    const target = targets.get(row.peer);
    if (target && comparePosition(row, target) <= 0) {
      row.read = true;
      delete row.unreadPeer;
    }
  }
  return targets;
}

/** After the write: moves each read point to its target. Returns the peers whose stored rows changed. */
export async function applyReadTargets(db: HistoryDb, targets: ReadonlyMap<string, Cursor>): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const [peer, upTo] of targets) {
    const covered = await advanceReadPoint(db, peer, upTo);
    if (covered.length) changed.add(peer);
  }
  return changed;
}
