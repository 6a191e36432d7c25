import Dexie from 'dexie';
import { LAST_STANZA, SYNC_GAP, type HistoryDb, type MetaRow } from './schema';

/**
 * The newest stored message that has a stanza-id (by [timestamp, order]) is where archive sync
 * resumes. It is kept in one meta row, moved forward as rows gain stanza-ids, so finding it never
 * scans the messages.
 */

/** The LAST_STANZA row after `rows` were written, or undefined when none of them is newer. */
export function newerLastStanza(rows: Iterable<{ stanzaId?: string; timestamp: number; order: number }>, current: MetaRow | undefined): MetaRow | undefined {
  let best = current;
  for (const row of rows) {
    if (!row.stanzaId) continue;
    const bestOrder = best?.order ?? 0;
    if (best && (row.timestamp < best.value || (row.timestamp === best.value && row.order <= bestOrder))) continue;
    best = { name: LAST_STANZA, value: row.timestamp, order: row.order, stanzaId: row.stanzaId };
  }
  return best === current ? undefined : best;
}

/** The stanza-id of the newest stored message that has one. */
export async function lastStanzaId(db: HistoryDb): Promise<string | undefined> {
  return (await db.meta.get(LAST_STANZA))?.stanzaId;
}

/**
 * Where the next archive sync resumes: the newest stored stanza-id, or the one the oldest pending
 * outgoing message was written after (MessageRow.writtenAfter), which is never newer. Our server
 * may have archived that message before the connection died without acknowledging it; the walk
 * then brings it back as sent, and the outbox does not send it a second time.
 */
export async function resumeStanzaId(db: HistoryDb): Promise<string | undefined> {
  const oldestPending = await db.messages
    .where('[outboxAt+order]')
    .between([Dexie.minKey, Dexie.minKey], [Dexie.maxKey, Dexie.maxKey])
    .filter((row) => row.writtenAfter !== undefined)
    .first();
  return oldestPending?.writtenAfter ?? (await lastStanzaId(db));
}

/** Where a sync that has not completed began: history may lack archive messages after `after` (none: all of them). */
export async function syncGap(db: HistoryDb): Promise<{ after?: string } | undefined> {
  const row = await db.meta.get(SYNC_GAP);
  if (!row) return undefined;
  return row.stanzaId ? { after: row.stanzaId } : {};
}

export async function setSyncGap(db: HistoryDb, gap: { after?: string } | undefined): Promise<void> {
  if (!gap) await db.meta.delete(SYNC_GAP);
  else await db.meta.put({ name: SYNC_GAP, value: 1, ...(gap.after ? { stanzaId: gap.after } : {}) });
}
