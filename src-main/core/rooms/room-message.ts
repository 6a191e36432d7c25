import type { MessageActionBase, MessageActionEvent, Sender, WireMessage } from '../../../src-shared/contract';
import { roomAt } from '../../../src-shared/conversation';
import type { ActionContent } from '../protocol/message-actions-codec';
import type { RoomMessage } from '../protocol/muc-codec';
import { mentionsNick } from './mentions';
import type { RoomRecord } from './room-registry';

/** When and how a room's stanza arrived, as history keeps it. */
export interface RoomArrival {
  timestamp: number;
  via: WireMessage['via'];
  /** The archive's stanza-id for a replayed stanza (the room's archive). */
  stanzaId?: string;
}

/**
 * Who wrote a room's stanza: nickname, occupant-id and the real JID when known (from the stanza,
 * else from the occupant's presence when its occupant-id agrees). Ours (RoomRecord.isUs) carry our
 * bare JID, so our rows and actions are keyed as ours (src-renderer/history/keys.ts senderKey).
 */
export function roomSender(parsed: RoomMessage, room: RoomRecord, ownBare: string): { sender: Sender; ours: boolean } {
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
  return { sender, ours };
}

/**
 * A room's message as history keeps it. The sender stays apart from the room (roomSender).
 * Our own message reflected by the room is `out`, with our bare JID as sender, so it meets the
 * pending row by origin-id (src-renderer/history/store.ts) and becomes *sent*; its stanza-id is
 * the room's (`by` = the room). It mentions us when it references us (XEP-0372), replies to one of
 * ours (XEP-0461; `referencesUs`), or names our nickname as a whole word. Guarded by
 * test/integration/rooms.test.ts.
 */
export function roomWireMessage(
  parsed: RoomMessage & { body: string },
  room: RoomRecord,
  ownBare: string,
  from: string,
  arrival: RoomArrival & { markable: boolean; referencesUs?: boolean },
): WireMessage {
  const { sender, ours } = roomSender(parsed, room, ownBare);
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
    ...(parsed.reply ? { reply: parsed.reply } : {}),
    ...(parsed.file ? { file: parsed.file } : {}),
    ...(!ours && arrival.markable ? { markable: true } : {}),
    ...(!ours && (arrival.referencesUs || mentionsNick(parsed.body, room.nick)) ? { mentionsMe: true } : {}),
  };
}

/**
 * A correction, retraction or reaction in a room as a history event: the target is the room's
 * stanza-id (XEP-0308 §6, XEP-0424 §5, XEP-0444 §4 in groupchats), the sender the occupant. Our
 * own, reflected by the room, is `out` with our origin-id as its id: history already applied it
 * under that id, so the reflection changes nothing (src-renderer/history/amend.ts).
 * Guarded by test/unit/room-actions.test.ts.
 */
export function roomActionEvent(
  content: ActionContent,
  parsed: RoomMessage,
  room: RoomRecord,
  ownBare: string,
  from: string,
  arrival: RoomArrival,
): MessageActionEvent {
  const { sender, ours } = roomSender(parsed, room, ownBare);
  const id = parsed.originId ?? parsed.id;
  const stanzaId = arrival.stanzaId ?? parsed.stanzaId;
  const base: MessageActionBase = {
    conversation: roomAt(room.jid),
    target: content.target,
    direction: ours ? 'out' : 'in',
    sender,
    from,
    ...(id ? { id } : {}),
    ...(stanzaId ? { stanzaId, stanzaIdBy: room.jid } : {}),
    timestamp: arrival.timestamp,
    via: arrival.via,
  };
  if (content.type === 'correction') return { kind: 'correction', correction: { ...base, body: content.body } };
  if (content.type === 'reaction') return { kind: 'reaction', reaction: { ...base, emojis: content.emojis } };
  return { kind: 'retraction', retraction: base };
}
