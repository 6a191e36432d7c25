import type { HistoryDb } from '../schema';
import { searchRowOf } from './index-rows';

/**
 * Indexes the messages stored before the search index existed (schema 9), in the background:
 * chunks of BUILD_CHUNK rows in primary-key order, one transaction each, yielding to the page
 * between chunks so no task runs long (test/unit/search-history.test.ts). Where it got to is kept
 * in the meta row `searchBuild`, so a build cut short by a reload resumes; `value` 1 means done.
 * Messages stored meanwhile are indexed by storeRows itself; indexing one twice is harmless.
 */
export const SEARCH_BUILD = 'searchBuild';
export const BUILD_CHUNK = 50;

export async function buildSearchIndex(db: HistoryDb, options: { stopped?: () => boolean; yieldNow?: () => Promise<void> } = {}): Promise<boolean> {
  const yieldNow = options.yieldNow ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  for (;;) {
    if (options.stopped?.()) return false;
    const done = await db.transaction('rw', db.messages, db.searchIndex, db.meta, async () => {
      const progress = await db.meta.get(SEARCH_BUILD);
      if (progress?.value === 1) return true;
      const after = progress?.after;
      const rows = await (after === undefined ? db.messages.orderBy(':id') : db.messages.where(':id').above(after)).limit(BUILD_CHUNK).toArray();
      const entries = rows.flatMap((row) => searchRowOf(row) ?? []);
      if (entries.length) await db.searchIndex.bulkPut(entries);
      const last = rows.at(-1);
      const finished = rows.length < BUILD_CHUNK;
      await db.meta.put({ name: SEARCH_BUILD, value: finished ? 1 : 0, ...(last ? { after: last.key } : after !== undefined ? { after } : {}) });
      return finished;
    });
    if (done) return true;
    await yieldNow();
  }
}
