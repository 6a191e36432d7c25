import type { Element } from '@xmpp/xml';
import type { RoomNotice, WireMessage } from '../../../src-shared/contract';
import { roomAt } from '../../../src-shared/conversation';
import { NS_MUC, type OccupantPresence } from '../protocol/muc-codec';

/**
 * The quiet lines of a room's log (joins, leaves, nick changes, kicks, bans, removals, subject
 * changes, the room's destruction), read from what the room sends once we are in it. The list of
 * occupants and the subject the room sends while we join are the room as we find it, not events:
 * they make no line (XEP-0045 §7.2.3 order: occupants, our own presence, history, the subject).
 * Guarded by test/unit/room-notices.test.ts and test/integration/room-notices.test.ts.
 */

/** What we knew of the room before the presence was applied. */
export interface BeforePresence {
  /** We were in the room (our own presence had come). */
  joined: boolean;
  /** The occupant was present. */
  present: boolean;
  /** The presence is about us. */
  self: boolean;
}

/** The line one occupant presence makes, if any. */
export function presenceNotice(presence: OccupantPresence, before: BeforePresence, reason?: string): RoomNotice | undefined {
  if (!before.joined) return undefined;
  const who = { nick: presence.nick, ...(before.self ? { self: true } : {}), ...(reason ? { reason } : {}) };
  if (!presence.unavailable) return before.present || before.self ? undefined : { what: 'joined', ...who };
  const codes = presence.codes;
  if (codes.has(303) && presence.newNick) return { what: 'nick', ...who, newNick: presence.newNick };
  if (presence.destroyed) return before.self ? { what: 'destroyed', ...(reason ? { reason } : {}) } : undefined;
  // 332 and 333 (a shutdown, a technical removal) say nothing about the person: we rejoin them.
  if (codes.has(332) || codes.has(333)) return before.self ? undefined : { what: 'left', ...who };
  if (codes.has(301)) return { what: 'banned', ...who };
  if (codes.has(307)) return { what: 'kicked', ...who };
  if (codes.has(321) || codes.has(322)) return { what: 'removed', ...who };
  return before.self ? undefined : { what: 'left', ...who };
}

/** The reason an unavailable presence gives (a kick's or ban's `<item><reason/>`, a destruction's `<destroy><reason/>`). */
export function presenceReason(stanza: Element): string | undefined {
  const x = stanza.getChild('x', NS_MUC.user);
  const text = x?.getChild('destroy')?.getChildText('reason') ?? x?.getChild('item')?.getChildText('reason');
  return text?.trim() || undefined;
}

/** A subject that changed while we were in the room (not the one the room sends as we join). */
export function subjectNotice(subject: string, nick: string | undefined): RoomNotice {
  return { what: 'subject', subject, ...(nick ? { nick } : {}) };
}

/**
 * A notice as history carries it: an incoming row of the room with an empty body, from the room
 * (or the occupant it is about), read from the start. Its id is unique, so two equal lines (the
 * same person joining twice) stay two rows.
 */
export function noticeMessage(room: string, notice: RoomNotice, timestamp: number, id: string): WireMessage {
  return {
    conversation: roomAt(room),
    direction: 'in',
    sender: notice.nick ? { nick: notice.nick } : { jid: room },
    from: notice.nick ? `${room}/${notice.nick}` : room,
    id,
    body: '',
    timestamp,
    via: 'live',
    notice,
  };
}
