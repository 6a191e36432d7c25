import type { HistoryDb, MessageRow, SearchRow } from '../schema';
import { indexTerms } from './terms';

/**
 * Keeping the search index in step with message rows, inside the transaction that writes them: a
 * new message is indexed by its text, an edited one by its newest text only, a retracted one (or
 * a file, whose body is a URL) not at all (test/unit/search-history.test.ts).
 */

export function searchKeyOf(row: Pick<MessageRow, 'timestamp' | 'conversation' | 'key'>): [number, MessageRow['conversation'], string] {
  return [row.timestamp, row.conversation, row.key];
}

/** The search row of a message, or undefined when it has no searchable text. */
export function searchRowOf(row: MessageRow): SearchRow | undefined {
  if (row.retracted || row.file || !row.body) return undefined;
  const terms = indexTerms(row.body);
  if (terms.length === 0) return undefined;
  return { at: row.timestamp, conversation: row.conversation, key: row.key, terms };
}

/** Indexes new rows (call in a transaction that includes `searchIndex`). */
export async function indexNewRows(db: HistoryDb, rows: readonly MessageRow[]): Promise<void> {
  const entries: SearchRow[] = [];
  for (const row of rows) {
    const entry = searchRowOf(row);
    if (entry) entries.push(entry);
  }
  if (entries.length) await db.searchIndex.bulkPut(entries);
}

/** Re-indexes a row whose text changed (edited: its newest text; retracted: removed). */
export async function reindexRow(db: HistoryDb, row: MessageRow): Promise<void> {
  const entry = searchRowOf(row);
  if (entry) await db.searchIndex.put(entry);
  else await db.searchIndex.delete(searchKeyOf(row));
}
