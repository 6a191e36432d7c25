/**
 * Version 9: search. A new store, `searchIndex`, holds one row per searchable message: its
 * position and conversation as the compound primary key `[at+conversation+key]` (so every term's
 * rows come newest first, and a conversation filter needs no row read) and its terms as the
 * multi-entry index `*terms` (search/terms.ts). No existing row changes; the rows of messages
 * stored before this version are indexed in the background after the upgrade (search/build.ts),
 * which the meta row `searchBuild` tracks.
 */
export const STORES_V9 = {
  searchIndex: '[at+conversation+key], *terms',
};
