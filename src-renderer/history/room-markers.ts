import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { RoomMarker } from '../../src-shared/contract';
import { stanzaKey } from './keys';
import type { ReaderMark } from './read-by';
import type { HistoryDb, RoomMarkerRow } from './schema';
import type { Cursor } from './types';

/** Where the messages named by `keys` sit in the room, for those in history: one index query. */
async function positionsOf(db: HistoryDb, conversation: ConversationKey, keys: readonly string[]): Promise<Map<string, Cursor>> {
  const positions = new Map<string, Cursor>();
  if (keys.length === 0) return positions;
  const rows = await db.messages
    .where('stanzaKey')
    .anyOf([...new Set(keys)])
    .filter((row) => row.conversation === conversation)
    .toArray();
  for (const row of rows) positions.set(row.stanzaKey!, { timestamp: row.timestamp, order: row.order });
  return positions;
}

/**
 * Stores participants' markers (schema 8): one row per room, reader and named message, so a
 * marker seen live and again from the room's archive is one row, keeping the earlier time. The
 * named message's position is looked up now; a marker that arrives before its message is placed
 * when read (roomReaderMarks). Returns, per room that changed, the markers it kept, as read-by
 * takes them (an open room's read-by adds them without reading every marker again).
 */
export function storeRoomMarkers(db: HistoryDb, markers: readonly RoomMarker[]): Promise<Map<ConversationKey, ReaderMark[]>> {
  return db.transaction('rw', db.roomMarkers, db.messages, async () => {
    const changed = new Map<ConversationKey, ReaderMark[]>();
    const fresh = new Map<string, RoomMarkerRow>();
    for (const marker of markers) {
      const row: RoomMarkerRow = {
        conversation: conversationKey(marker.conversation),
        reader: marker.reader,
        stanzaKey: stanzaKey(marker.conversation.jid, marker.stanzaId),
        name: marker.name,
        at: marker.at,
        ...(marker.uncertain ? { uncertain: true } : {}),
      };
      const id = `${row.conversation}\n${row.reader}\n${row.stanzaKey}`;
      const same = fresh.get(id);
      if (!same || row.at < same.at) fresh.set(id, row);
    }
    const rows = [...fresh.values()];
    const earlier = await db.roomMarkers.bulkGet(rows.map((row) => [row.conversation, row.reader, row.stanzaKey] as [ConversationKey, string, string]));
    const kept = rows.filter((row, i) => !earlier[i] || row.at < earlier[i]!.at);
    for (const conversation of new Set(kept.map((row) => row.conversation))) {
      const mine = kept.filter((row) => row.conversation === conversation);
      const positions = await positionsOf(
        db,
        conversation,
        mine.map((row) => row.stanzaKey),
      );
      for (const row of mine) {
        const position = positions.get(row.stanzaKey);
        if (position) row.position = position;
      }
      changed.set(
        conversation,
        mine.map((row) => readerMarkOf(row)),
      );
    }
    if (kept.length) await db.roomMarkers.bulkPut(kept);
    return changed;
  });
}

/** Every marker kept for a room, each placed at its message's position when that message is here. */
export function roomReaderMarks(db: HistoryDb, room: ConversationRef): Promise<ReaderMark[]> {
  const conversation = conversationKey(room);
  return db.transaction('r', db.roomMarkers, db.messages, async () => {
    const rows = await db.roomMarkers.where('conversation').equals(conversation).toArray();
    const unplaced = await positionsOf(
      db,
      conversation,
      rows.filter((row) => !row.position).map((row) => row.stanzaKey),
    );
    return rows.map((row) => readerMarkOf(row, unplaced.get(row.stanzaKey)));
  });
}

/** A stored marker as read-by takes it, placed at its message's position when that is known. */
function readerMarkOf(row: RoomMarkerRow, found?: Cursor): ReaderMark {
  const position = row.position ?? found;
  return { reader: row.reader, name: row.name, at: row.at, ...(row.uncertain ? { uncertain: true } : {}), ...(position ? { position } : {}) };
}
