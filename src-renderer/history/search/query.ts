import { conversationKey, type ConversationRef } from '../../../src-shared/conversation';
import { toStoredMessage } from '../queries';
import type { HistoryDb, MessageRow, SearchBlock } from '../schema';
import type { SearchHit } from '../types';
import { hasTerm } from './index-rows';
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

/** Most blocks counted per query part: a part in more is as common as any other such part. */
const COUNT_CAP = 100;

/**
 * The part whose term is in the fewest blocks (counted in the index, up to COUNT_CAP: a term is
 * in at most one entry per block), so a rare word of the query drives it rather than a common
 * one; between equals, drivingPart's choice.
 */
async function rarestPart(db: HistoryDb, parts: readonly QueryPart[]): Promise<QueryPart | undefined> {
  const first = drivingPart(parts);
  if (parts.length < 2 || !first) return first;
  const ordered = [first, ...parts.filter((part) => part !== first)];
  const counts = await Promise.all(ordered.map(async (part) => (await db.searchBlocks.where('terms').equals(part.term).limit(COUNT_CAP).primaryKeys()).length));
  let best = 0;
  for (let i = 1; i < ordered.length; i++) if (counts[i]! < counts[best]!) best = i;
  return ordered[best];
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
  const limit = options.limit ?? 20;
  const driver = limit > 0 ? await rarestPart(db, parts) : undefined;
  if (!driver) return [];
  const only = options.conversation && conversationKey(options.conversation);
  const hits: MessageRow[] = [];
  const bound = () => (hits.length >= limit ? hits[limit - 1]!.timestamp : -Infinity);
  let checked = 0;

  /** Checks the candidates of `blocks` (newest first); false once no later block can hold a newer hit. */
  const check = async (blocks: SearchBlock[]): Promise<boolean> => {
    // Candidates read together, as many blocks' worth as the hits still wanted (one request for many rare hits).
    for (let b = 0; b < blocks.length;) {
      if (blocks[b]!.at < bound()) return false;
      const group: string[] = [];
      for (; b < blocks.length && group.length < Math.max(1, limit - hits.length) && blocks[b]!.at >= bound(); b++) {
        const block = blocks[b]!;
        block.keys.forEach((key, i) => {
          if (hasTerm(block.itemTerms[i] ?? '', driver.term)) group.push(key);
        });
      }
      checked += group.length;
      for (const row of group.length ? await db.messages.bulkGet(group) : []) if (isHit(row, parts)) hits.push(row);
      hits.sort(newestFirst);
      if (checked >= MAX_SCAN) return false;
    }
    return true;
  };

  for (let offset = 0, page = FIRST_PAGE; ; offset += page, page = Math.min(page * 4, MAX_PAGE)) {
    // One key more than the page: the next block's time says whether the search is done.
    const keys = await db.searchBlocks
      .where('terms')
      .equals(driver.term)
      .reverse()
      .offset(offset)
      .limit(page + 1)
      .primaryKeys();
    const wanted = keys.slice(0, page).filter((key) => (!only || key[1] === only) && key[0] >= bound());
    const blocks = wanted.length ? (await db.searchBlocks.bulkGet(wanted)).filter((block) => block !== undefined) : [];
    if (!(await check(blocks))) break;
    const next = keys[page];
    if (!next || next[0] < bound()) break;
  }
  return hits.slice(0, limit).map((row) => ({ message: toStoredMessage(row), ranges: matchRanges(row.body, parts) }));
}

function isHit(row: MessageRow | undefined, parts: readonly QueryPart[]): row is MessageRow {
  return row !== undefined && !row.retracted && !row.file && matchesAll(row.body, parts);
}
