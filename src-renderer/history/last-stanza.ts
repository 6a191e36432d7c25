import Dexie from 'dexie';
import { archiveOfKey } from './keys';
import { lastStanzaName, syncGapName, syncSlicesName } from './meta-names';
import type { ArchiveProgress } from '../../src-shared/contract';
import type { HistoryDb, MetaRow } from './schema';
import type { SyncGap } from './types';

/**
 * Per archive, the newest stored message that has a stanza-id from it (by [timestamp, order]) is
 * where that archive's sync resumes. It is kept in one meta row per archive, moved forward as rows
 * gain stanza-ids, so finding it never scans the messages.
 */

type Positioned = { stanzaId?: string; stanzaIdBy?: string; timestamp: number; order: number };

/**
 * The lastStanza rows after `rows` were written, for the archives whose row moves forward.
 * `current`: each archive's row before (undefined when it had none); archives missing from it are
 * taken to have none.
 */
export function newerLastStanzas(rows: Iterable<Positioned>, current: ReadonlyMap<string, MetaRow | undefined>): MetaRow[] {
  const best = new Map(current);
  const moved = new Set<string>();
  for (const row of rows) {
    if (!row.stanzaId || !row.stanzaIdBy) continue;
    const archive = row.stanzaIdBy;
    const known = best.get(archive);
    if (known && (row.timestamp < known.value || (row.timestamp === known.value && row.order <= (known.order ?? 0)))) continue;
    best.set(archive, { name: lastStanzaName(archive), value: row.timestamp, order: row.order, stanzaId: row.stanzaId });
    moved.add(archive);
  }
  return [...moved].map((archive) => best.get(archive)!);
}

/** The stanza-id of the newest stored message that has one from `archive`. */
export async function lastStanzaId(db: HistoryDb, archive: string): Promise<string | undefined> {
  return (await db.meta.get(lastStanzaName(archive)))?.stanzaId;
}

/**
 * Where the next sync of `archive` resumes: the newest stanza-id stored from it, or the one the
 * oldest pending outgoing message of one of its conversations was written after
 * (MessageRow.writtenAfter), which is never newer. The server may have archived that message before
 * the connection died without acknowledging it; the walk then brings it back as sent, and the
 * outbox does not send it a second time.
 */
export async function resumeStanzaId(db: HistoryDb, archive: string): Promise<string | undefined> {
  const oldestPending = await db.messages
    .where('[outboxAt+order]')
    .between([Dexie.minKey, Dexie.minKey], [Dexie.maxKey, Dexie.maxKey])
    .filter((row) => row.writtenAfter !== undefined && archiveOfKey(row.conversation, db.account) === archive)
    .first();
  return oldestPending?.writtenAfter ?? (await lastStanzaId(db, archive));
}

/**
 * Where a sync of `archive` that has not completed began: history may lack its messages after
 * `after` (none: all of them); with the progress of its slices when it was a catch-up after
 * that same stanza-id.
 */
export async function syncGap(db: HistoryDb, archive: string): Promise<SyncGap | undefined> {
  const [row, progress] = await db.meta.bulkGet([syncGapName(archive), syncSlicesName(archive)]);
  if (!row) return undefined;
  if (!row.stanzaId) return {};
  return progress?.slices && progress.stanzaId === row.stanzaId ? { after: row.stanzaId, slices: progress.slices } : { after: row.stanzaId };
}

export async function setSyncGap(db: HistoryDb, archive: string, gap: { after?: string } | undefined): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.delete(syncSlicesName(archive));
    if (!gap) await db.meta.delete(syncGapName(archive));
    else await db.meta.put({ name: syncGapName(archive), value: 1, ...(gap.after ? { stanzaId: gap.after } : {}) });
  });
}

/** Keeps the newest progress of each archive's sliced catch-up (call once its messages are stored). */
export async function keepSliceProgress(db: HistoryDb, progress: readonly ArchiveProgress[], archiveOf: (given?: string) => string): Promise<void> {
  const newest = new Map<string, ArchiveProgress>();
  for (const p of progress) newest.set(archiveOf(p.archive), p);
  if (newest.size === 0) return;
  await db.meta.bulkPut([...newest].map(([archive, p]) => ({ name: syncSlicesName(archive), value: 1, stanzaId: p.from, slices: p.slices })));
}
