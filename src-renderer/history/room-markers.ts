import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { RoomMarker } from '../../src-shared/contract';
import { stanzaKey } from './keys';
import type { ReaderMark } from './read-by';
import type { HistoryDb, RoomMarkerRow } from './schema';

/** Where the message a marker names sits, if it is in history. */
async function positionOf(db: HistoryDb, conversation: ConversationKey, key: string) {
  const row = await db.messages
    .where('stanzaKey')
    .equals(key)
    .filter((r) => r.conversation === conversation)
    .first();
  return row && { timestamp: row.timestamp, order: row.order };
}

/**
 * Stores participants' markers (schema 8): one row per room, reader and named message, so a
 * marker seen live and again from the room's archive is one row, keeping the earlier time. The
 * named message's position is looked up now; a marker that arrives before its message is placed
 * when read (roomReaderMarks). Returns the rooms that changed.
 */
export function storeRoomMarkers(db: HistoryDb, markers: readonly RoomMarker[]): Promise<Set<ConversationKey>> {
  return db.transaction('rw', db.roomMarkers, db.messages, async () => {
    const changed = new Set<ConversationKey>();
    for (const marker of markers) {
      const conversation = conversationKey(marker.conversation);
      const key = stanzaKey(marker.conversation.jid, marker.stanzaId);
      const earlier = await db.roomMarkers.get([conversation, marker.reader, key]);
      if (earlier && earlier.at <= marker.at) continue;
      const position = earlier?.position ?? (await positionOf(db, conversation, key));
      const row: RoomMarkerRow = {
        conversation,
        reader: marker.reader,
        stanzaKey: key,
        name: marker.name,
        at: marker.at,
        ...(marker.uncertain ? { uncertain: true } : {}),
        ...(position ? { position } : {}),
      };
      await db.roomMarkers.put(row);
      changed.add(conversation);
    }
    return changed;
  });
}

/** Every marker kept for a room, each placed at its message's position when that message is here. */
export function roomReaderMarks(db: HistoryDb, room: ConversationRef): Promise<ReaderMark[]> {
  const conversation = conversationKey(room);
  return db.transaction('r', db.roomMarkers, db.messages, async () => {
    const rows = await db.roomMarkers.where('conversation').equals(conversation).toArray();
    const marks: ReaderMark[] = [];
    for (const row of rows) {
      const position = row.position ?? (await positionOf(db, conversation, row.stanzaKey));
      marks.push({ reader: row.reader, name: row.name, at: row.at, ...(row.uncertain ? { uncertain: true } : {}), ...(position ? { position } : {}) });
    }
    return marks;
  });
}
