import type { Transaction } from 'dexie';
import { SEARCH_BUILD } from '../search/build';

/**
 * Version 11: a cheaper search index. The store `searchIndex` (one row per message, each with
 * every term as an index entry) is replaced by `searchBlocks`: one row per block of up to
 * BLOCK_SIZE messages of one conversation stored together, keyed `[at+conversation+key]` (its
 * newest message's time and key, so a term's blocks come newest first), with the union of its
 * messages' terms as the multi-entry index `*terms`, its messages' keys as `*keys` (an edit or a
 * retraction finds its block), and each message's own terms in `itemTerms` (not indexed). Storing
 * then writes one index entry per distinct term of a block instead of one per term of every
 * message (search/index-rows.ts). The old rows are dropped and the background build indexes the
 * stored messages again (search/build.ts): the upgrade marks `searchBuild` not done.
 */
export const STORES_V11 = {
  searchIndex: null,
  searchBlocks: '[at+conversation+key], *terms, *keys',
};

export async function upgradeToV11(tx: Transaction): Promise<void> {
  await tx.table('meta').put({ name: SEARCH_BUILD, value: 0 });
}
