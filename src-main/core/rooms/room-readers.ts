import type { ReadPoint, RoomMarker } from '../../../src-shared/contract';
import { roomAt } from '../../../src-shared/conversation';
import type { RoomMessage } from '../protocol/muc-codec';
import type { RoomRecord } from './room-registry';

/** Who sent a displayed marker in a room, as read-by lists count people. */
export type MarkerAuthor = { us: true } | { us: false; reader: string; name: string; uncertain: boolean };

/**
 * Attributes a room message to a person: by XEP-0421 occupant-id when the room provides it (one
 * per real account: stable across nick changes and the person's devices), else by real JID (from
 * the message or the occupant's presence), else by nickname, which is uncertain (another person
 * may take a freed nickname). Guarded by test/unit/room-readers.test.ts.
 */
export function markerAuthor(parsed: RoomMessage, room: RoomRecord, ownBare: string): MarkerAuthor | undefined {
  const present = parsed.nick ? room.occupants.get(parsed.nick) : undefined;
  const jid = parsed.jid ?? (present && (!parsed.occupantId || present.occupantId === parsed.occupantId) ? present.jid : undefined);
  const sender = { ...(jid ? { jid } : {}), ...(parsed.nick ? { nick: parsed.nick } : {}), ...(parsed.occupantId ? { occupantId: parsed.occupantId } : {}) };
  if (room.isUs(sender, ownBare)) return { us: true };
  const name = parsed.nick ?? jid ?? '';
  if (parsed.occupantId) return { us: false, reader: `occupant:${parsed.occupantId}`, name, uncertain: false };
  if (jid) return { us: false, reader: `jid:${jid}`, name, uncertain: false };
  if (parsed.nick) return { us: false, reader: `nick:${parsed.nick}`, name, uncertain: true };
  return undefined;
}

/**
 * What a XEP-0333 displayed marker in a room means (its id is the room's stanza-id, XEP-0333 §5):
 * ours, sent from another device and reflected by the room, is a read point for the room; anyone
 * else's in a private group is a read-by marker. Public channels keep no read-by. A room that does
 * not stamp stanza-ids gives marker ids nobody can resolve: ignored.
 */
export function roomMarkerMeaning(
  displayedId: string,
  parsed: RoomMessage,
  room: RoomRecord,
  ownBare: string,
  at: number,
): { readPoint: ReadPoint } | { marker: RoomMarker } | undefined {
  if (!room.info.stanzaIds) return undefined;
  const author = markerAuthor(parsed, room, ownBare);
  if (!author) return undefined;
  const conversation = roomAt(room.jid);
  if (author.us) return { readPoint: { conversation, stanzaId: displayedId, stanzaIdBy: room.jid, source: 'room-marker' } };
  if (!room.isPrivate) return undefined;
  return {
    marker: { conversation, stanzaId: displayedId, reader: author.reader, name: author.name, ...(author.uncertain ? { uncertain: true } : {}), at },
  };
}
