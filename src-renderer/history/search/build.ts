import type { ConversationKey } from '../../../src-shared/conversation';
import type { HistoryDb } from '../schema';
import { indexNewRows } from './index-rows';

/**
 * Indexes the messages stored before the search index had its present layout (schema 11), in the
 * background: chunks of BUILD_CHUNK rows in conversation and time order (so its blocks cover
 * stretches of time, as storing makes them), one transaction each, yielding to the page between
 * chunks so no task runs long (test/unit/search-history.test.ts). Where it got to is kept in the
 * meta row `searchBuild` (`position`), so a build cut short by a reload resumes; `value` 1 means
 * done. Messages stored meanwhile are indexed by storeRows itself, and the build leaves out every
 * message already in a block, so a message is in at most one block.
 */
export const SEARCH_BUILD = 'searchBuild';
export const BUILD_CHUNK = 50;

export async function buildSearchIndex(db: HistoryDb, options: { stopped?: () => boolean; yieldNow?: () => Promise<void> } = {}): Promise<boolean> {
  const yieldNow = options.yieldNow ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  for (;;) {
    if (options.stopped?.()) return false;
    const done = await db.transaction('rw', db.messages, db.searchBlocks, db.meta, async () => {
      const progress = await db.meta.get(SEARCH_BUILD);
      if (progress?.value === 1) return true;
      const after = progress?.position;
      const rows = await (after ? db.messages.where('[conversation+timestamp+order]').above(after) : db.messages.orderBy('[conversation+timestamp+order]'))
        .limit(BUILD_CHUNK)
        .toArray();
      const indexed = new Set(
        (await db.searchBlocks
          .where('keys')
          .anyOf(rows.map((row) => row.key))
          .keys()) as string[],
      );
      await indexNewRows(
        db,
        rows.filter((row) => !indexed.has(row.key)),
      );
      const last = rows.at(-1);
      const position: [ConversationKey, number, number] | undefined = last ? [last.conversation, last.timestamp, last.order] : after;
      const finished = rows.length < BUILD_CHUNK;
      await db.meta.put({ name: SEARCH_BUILD, value: finished ? 1 : 0, ...(position ? { position } : {}) });
      return finished;
    });
    if (done) return true;
    await yieldNow();
  }
}
