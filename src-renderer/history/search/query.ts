import { conversationKey, type ConversationRef } from '../../../src-shared/conversation';
import { toStoredMessage } from '../queries';
import type { HistoryDb, MessageRow } from '../schema';
import type { SearchHit } from '../types';
import { drivingPart, matchesAll, matchRanges, queryParts, type QueryPart } from './terms';

/** Blocks read by the first step; four times more each step, up to MAX_PAGE. */
const FIRST_PAGE = 2;
const MAX_PAGE = 32;
/**
 * Most candidate messages one search checks: a query whose driving term is very common and whose
 * other parts rarely match stops there rather than reading the whole index.
 */
export const MAX_SCAN = 5000;

/** Newest first, as history orders them: by time, then by the order they were stored in. */
function newestFirst(a: MessageRow, b: MessageRow): number {
  return b.timestamp - a.timestamp || b.order - a.order;
}

/**
 * Messages matching every part of `query`, newest first, at most `limit`: the blocks holding the
 * driving part's term are read newest first (their primary key starts with the time of their
 * newest message), the block's messages that have the term are candidates, and each candidate is
 * checked on its stored text, so an entry gone stale could never show. Once it has `limit` hits,
 * a block older than the last of them can hold no newer hit, so the search stops there.
 * `conversation` limits the search to one conversation.
 */
export async function searchHistory(db: HistoryDb, query: string, options: { conversation?: ConversationRef; limit?: number } = {}): Promise<SearchHit[]> {
  const parts = queryParts(query);
  const driver = drivingPart(parts);
  const limit = options.limit ?? 20;
  if (!driver || limit <= 0) return [];
  const only = options.conversation && conversationKey(options.conversation);
  const hits: MessageRow[] = [];
  const seen = new Set<string>();
  let checked = 0;
  search: for (let offset = 0, page = FIRST_PAGE; checked < MAX_SCAN; offset += page, page = Math.min(page * 4, MAX_PAGE)) {
    const keys = await db.searchBlocks.where('terms').equals(driver.term).reverse().offset(offset).limit(page).primaryKeys();
    const blocks = (await db.searchBlocks.bulkGet(only ? keys.filter((key) => key[1] === only) : keys)).filter((block) => block !== undefined);
    // Each block's candidates, all read at once (one request for the page rather than one per block).
    const candidates = blocks.map((block) => block.keys.filter((key, i) => block.itemTerms[i]?.includes(driver.term)));
    const rows = new Map<string, MessageRow>();
    for (const row of await db.messages.bulkGet([...new Set(candidates.flat())])) if (row) rows.set(row.key, row);
    for (const [b, block] of blocks.entries()) {
      if (hits.length >= limit && block.at < hits[limit - 1]!.timestamp) break search;
      for (const key of candidates[b]!) {
        if (seen.has(key)) continue;
        seen.add(key);
        checked++;
        const row = rows.get(key);
        if (isHit(row, parts)) hits.push(row);
      }
      hits.sort(newestFirst);
      if (checked >= MAX_SCAN) break search;
    }
    if (keys.length < page) break;
  }
  return hits.slice(0, limit).map((row) => ({ message: toStoredMessage(row), ranges: matchRanges(row.body, parts) }));
}

function isHit(row: MessageRow | undefined, parts: readonly QueryPart[]): row is MessageRow {
  return row !== undefined && !row.retracted && !row.file && matchesAll(row.body, parts);
}
