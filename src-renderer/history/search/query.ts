import { conversationKey, type ConversationRef } from '../../../src-shared/conversation';
import { toStoredMessage } from '../queries';
import type { HistoryDb, MessageRow } from '../schema';
import type { SearchHit } from '../types';
import { drivingPart, matchesAll, matchRanges, queryParts } from './terms';

/**
 * Index entries read by the first step: as many as the hits wanted (a newest-first read walks a
 * cursor, one entry at a time), then four times more each step, up to MAX_PAGE; each step's
 * candidates are checked before the next is read.
 */
const MAX_PAGE = 400;
/**
 * Most index entries one search reads: a query whose driving term is very common and whose other
 * parts rarely match stops there rather than reading the whole index.
 */
export const MAX_SCAN = 5000;

/**
 * Messages matching every part of `query`, newest first, at most `limit`: the driving part's term
 * is read newest first from the index (its primary key starts with the time), and each candidate
 * is checked on its stored text, so a stale entry (a message edited or retracted since) is never
 * shown. `conversation` limits the search to one conversation.
 */
export async function searchHistory(db: HistoryDb, query: string, options: { conversation?: ConversationRef; limit?: number } = {}): Promise<SearchHit[]> {
  const parts = queryParts(query);
  const driver = drivingPart(parts);
  const limit = options.limit ?? 20;
  if (!driver || limit <= 0) return [];
  const only = options.conversation && conversationKey(options.conversation);
  const hits: SearchHit[] = [];
  for (let offset = 0, page = limit; hits.length < limit && offset < MAX_SCAN; offset += page, page = Math.min(page * 4, MAX_PAGE)) {
    const keys = await db.searchIndex.where('terms').equals(driver.term).reverse().offset(offset).limit(page).primaryKeys();
    const wanted = only ? keys.filter((key) => key[1] === only) : keys;
    for (let i = 0; i < wanted.length && hits.length < limit; i += limit) {
      const rows = await db.messages.bulkGet(wanted.slice(i, i + limit).map((key) => key[2]));
      for (const row of rows) {
        if (hits.length < limit && isHit(row, parts)) hits.push({ message: toStoredMessage(row), ranges: matchRanges(row.body, parts) });
      }
    }
    if (keys.length < page) break;
  }
  // Messages can share a timestamp (a burst in one read); the index then orders them by key, history by `order`.
  return hits.sort((a, b) => b.message.timestamp - a.message.timestamp || b.message.order - a.message.order);
}

function isHit(row: MessageRow | undefined, parts: Parameters<typeof matchesAll>[1]): row is MessageRow {
  return row !== undefined && !row.retracted && !row.file && matchesAll(row.body, parts);
}
