import type { OwnPresence, WireMessage } from '../../../src-shared/contract';

/**
 * When a message may notify (docs/architecture.md, "Notifications"): a pure decision over explicit state.
 * Everything the caller knows is an input; nothing is looked up.
 */

/** Per conversation. Group chats will default to `mentions`; one-to-one chats to `none`. */
export type { MuteSetting } from '../../../src-shared/contract';
import type { MuteSetting } from '../../../src-shared/contract';

/** What the policy needs of a message: the wire message's identity, direction and origin. */
export type PolicyMessage = Pick<WireMessage, 'conversation' | 'direction' | 'via' | 'timestamp' | 'id' | 'originId' | 'stanzaId'>;

export interface NotificationInput {
  message: PolicyMessage;
  /** The conversation's mute setting. */
  mute: MuteSetting;
  /** The message mentions us (group chats; always false one-to-one). */
  mentionsMe: boolean;
  /**
   * The person is reading this conversation right now: window focused, page visible, active
   * recently, the conversation open and scrolled to the bottom (docs/architecture.md read rules 1–4).
   */
  readingNow: boolean;
  /** Our own presence. */
  presence: OwnPresence;
  /** The read point is at or after this message (MDS, our own marker via carbons, our own later message). */
  alreadyRead: boolean;
  /** An archive (MAM) replay of a message older than the conversation's read point. */
  archiveBeforeReadPoint: boolean;
  /** The XEP-0490 MDS node has been fetched since this session started. */
  mdsFetched: boolean;
}

export type SuppressReason =
  | 'outgoing'
  | 'already-read'
  | 'archive-before-read-point'
  | 'muted'
  | 'mentions-only'
  | 'do-not-disturb'
  | 'reading-now'
  /** Not now: held for the catch-up (one notification per conversation once MDS is fetched). */
  | 'awaiting-mds';

export type NotificationDecision = { notify: true; reason: 'notify' } | { notify: false; reason: SuppressReason };

const suppress = (reason: SuppressReason): NotificationDecision => ({ notify: false, reason });

/** Notify this message now, or why not (the first rule that applies, in this order). */
export function decideNotification(input: NotificationInput): NotificationDecision {
  if (input.message.direction !== 'in') return suppress('outgoing');
  if (input.alreadyRead) return suppress('already-read');
  if (input.archiveBeforeReadPoint) return suppress('archive-before-read-point');
  if (input.mute === 'all') return suppress('muted');
  if (input.mute === 'mentions' && !input.mentionsMe) return suppress('mentions-only');
  if (input.presence === 'dnd') return suppress('do-not-disturb');
  if (input.readingNow) return suppress('reading-now');
  if (!input.mdsFetched) return suppress('awaiting-mds');
  return { notify: true, reason: 'notify' };
}

/** How far a conversation is known to be read. */
export interface ReadMark {
  /** XEP-0490 MDS: stanza-id of the newest message read. */
  stanzaId?: string;
  /** Our own XEP-0333 displayed marker (seen via carbons): the message@id it covers. */
  messageId?: string;
  /** Everything at or before this time is read (our own later message, or a read point resolved to its message). */
  at?: number;
}

/** The read mark is at or after this message. */
export function isCoveredByReadMark(message: PolicyMessage, mark: ReadMark | undefined): boolean {
  if (!mark) return false;
  if (mark.stanzaId !== undefined && message.stanzaId === mark.stanzaId) return true;
  if (mark.messageId !== undefined && message.direction === 'in' && message.id === mark.messageId) return true;
  return mark.at !== undefined && message.timestamp <= mark.at;
}

/** A read point names this very message. */
export function readPointNames(message: PolicyMessage, point: { stanzaId?: string; messageId?: string }): boolean {
  if (point.stanzaId !== undefined && message.stanzaId === point.stanzaId) return true;
  return point.messageId !== undefined && message.direction === 'in' && message.id === point.messageId;
}
