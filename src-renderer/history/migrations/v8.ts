/**
 * Version 8: read-by in private groups. A new store, `roomMarkers`, keeps each participant's
 * XEP-0333 displayed markers in a room, one row per room, reader and named message (so the same
 * marker live and from the room's archive is one row), with an index by room. No existing row
 * changes.
 */
export const STORES_V8 = {
  roomMarkers: '[conversation+reader+stanzaKey], conversation',
};
