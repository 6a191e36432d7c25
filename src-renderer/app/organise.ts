import type { ConversationRow } from '../history';

/**
 * Archived: the person archived it and nothing newer has arrived since (a new message brings it
 * back to the list without any write). Guarded by test/unit/organise.test.ts.
 */
export function isArchived(row: Pick<ConversationRow, 'archivedAt' | 'lastTimestamp'>): boolean {
  return row.archivedAt !== undefined && row.lastTimestamp <= row.archivedAt;
}

/** Lower-cased, accents kept: what a filter compares. */
export function foldForFilter(text: string): string {
  return text.toLocaleLowerCase();
}

/** Whether an entry whose folded name and address are given matches a folded query (substring of either). */
export function matchesFilter(folded: { name: string; jid: string }, query: string): boolean {
  return query === '' || folded.name.includes(query) || folded.jid.includes(query);
}

export interface ListEntry {
  row: ConversationRow;
  name: string;
}

/**
 * The conversation list as shown: the chats view has everything not archived, pinned first (in
 * the order they were pinned), then by newest activity; the archived view only the archived ones,
 * newest first. The filter keeps those whose name or address contains it.
 * `entries` come newest activity first (history.conversations()).
 */
export function organiseList<T extends ListEntry>(entries: readonly T[], options: { archived: boolean; filter: string }): T[] {
  const query = foldForFilter(options.filter.trim());
  const shown = entries.filter(
    (entry) => isArchived(entry.row) === options.archived && matchesFilter({ name: foldForFilter(entry.name), jid: entry.row.conversation.jid }, query),
  );
  if (options.archived) return shown;
  const pinned = shown.filter((entry) => entry.row.pinnedAt !== undefined).sort((a, b) => a.row.pinnedAt! - b.row.pinnedAt!);
  return [...pinned, ...shown.filter((entry) => entry.row.pinnedAt === undefined)];
}

export function archivedCount(rows: readonly ConversationRow[]): number {
  return rows.reduce((count, row) => count + (isArchived(row) ? 1 : 0), 0);
}
