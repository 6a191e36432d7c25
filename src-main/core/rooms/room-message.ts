import type { Sender, WireMessage } from '../../../src-shared/contract';
import { roomAt } from '../../../src-shared/conversation';
import type { RoomMessage } from '../protocol/muc-codec';
import { mentionsNick } from './mentions';
import type { RoomRecord } from './room-registry';

/**
 * A room's message as history keeps it. The sender stays apart from the room: nickname,
 * occupant-id and the real JID when known (from the message, else from the occupant's presence).
 * Our own message reflected by the room is `out`, with our bare JID as sender, so it meets the
 * pending row by origin-id (src-renderer/history/store.ts) and becomes *sent*; its stanza-id is
 * the room's (`by` = the room). It mentions us when it references us (XEP-0372), replies to one of
 * ours (XEP-0461; `referencesUs`), or names our nickname as a whole word. Guarded by test/integration/rooms.test.ts.
 */
export function roomWireMessage(
  parsed: RoomMessage & { body: string },
  room: RoomRecord,
  ownBare: string,
  from: string,
  arrival: { timestamp: number; via: WireMessage['via']; markable: boolean; stanzaId?: string; referencesUs?: boolean },
): WireMessage {
  const present = parsed.nick ? room.occupants.get(parsed.nick) : undefined;
  const jid = parsed.jid ?? (present && (!parsed.occupantId || present.occupantId === parsed.occupantId) ? present.jid : undefined);
  const ours = room.isUs(
    { ...(jid ? { jid } : {}), ...(parsed.nick ? { nick: parsed.nick } : {}), ...(parsed.occupantId ? { occupantId: parsed.occupantId } : {}) },
    ownBare,
  );
  const sender: Sender = {
    ...(ours ? { jid: ownBare } : jid ? { jid } : {}),
    ...(parsed.nick ? { nick: parsed.nick } : {}),
    ...(parsed.occupantId ? { occupantId: parsed.occupantId } : {}),
  };
  const stanzaId = arrival.stanzaId ?? parsed.stanzaId;
  return {
    conversation: roomAt(room.jid),
    direction: ours ? 'out' : 'in',
    sender,
    from,
    ...(parsed.id ? { id: parsed.id } : {}),
    ...(parsed.originId ? { originId: parsed.originId } : {}),
    ...(stanzaId ? { stanzaId, stanzaIdBy: room.jid } : {}),
    body: parsed.body,
    timestamp: arrival.timestamp,
    via: arrival.via,
    ...(!ours && arrival.markable ? { markable: true } : {}),
    ...(!ours && (arrival.referencesUs || mentionsNick(parsed.body, room.nick)) ? { mentionsMe: true } : {}),
  };
}
