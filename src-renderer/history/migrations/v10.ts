/**
 * Version 10: avatars and an organised list. A new store, `avatars`, keeps each contact's picture
 * by its SHA-1 (XEP-0084 / XEP-0153 name pictures by hash), so a picture is fetched once per hash
 * and a reload shows it without asking the network (history/avatars.ts). Conversation rows may now
 * carry `pinnedAt` and `archivedAt` (not indexed: the list is read whole), so no existing row
 * changes. (Versions 8 and 9 belong to other features; Dexie opens 7 straight as 10.)
 */
export const STORES_V10 = {
  avatars: 'hash',
};
