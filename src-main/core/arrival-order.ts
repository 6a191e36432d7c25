import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { ArchivedMessage } from './archive/mam-codec';
import { BoundedMap } from './bounded-map';

/** How many stanza-ids' timestamps are remembered for archive walks that start after them. */
const REMEMBERED = 20_000;

/**
 * FIX (issue 5, found by test/integration/faults.test.ts: history showed a contact's messages out of
 * order after resumptions and failed resumptions). History orders a conversation by timestamp,
 * then by arrival. Live messages get their arrival time in milliseconds, but XEP-0203 stamps have
 * whole seconds: Prosody stamps what it queues for a resumption (mod_smacks) or keeps offline with
 * the second it was queued, and its archive stamps every message with its second. So a message
 * sent at 12.6 s came back as "12 s" and sorted before one that arrived live at 12.3 s, though it
 * was sent after it; and after a failed resumption, what the archive walk brought (the gap, "12 s")
 * sorted after offline messages of the same second that arrived first, though they came later.
 * Two rules keep each sender's order:
 * - on the stream (live, carbons, offline, resent after a resumption) stanzas come in the
 *   server's order: per conversation their timestamps only move forward; a whole-second stamp
 *   counts as the end of its second; and none is later than now (a sender's own `<delay/>` cannot
 *   pin its message above newer ones);
 * - an archive walk comes in the archive's order: each result is no earlier than the message
 *   before it in the walk, the first no earlier than the one the walk starts after (when this
 *   core delivered it), so the gap sorts after what was held before it and before what arrived
 *   on the stream after it.
 */
export class ArrivalOrder {
  /** Per conversation: the timestamp of the last message that arrived on the stream. */
  private readonly onStream = new Map<ConversationKey, number>();
  /** Timestamps given to recent stanza-ids (the first delivery wins, as in history). */
  private readonly given = new BoundedMap<string, number>(REMEMBERED);

  /** The timestamp of a message that arrived on the stream now, stamped `stamp` (XEP-0203) or not. */
  streamTimestamp(conversation: ConversationRef, stanzaId: string | undefined, stamp: number | undefined, now: number): number {
    const key = conversationKey(conversation);
    const base = stamp === undefined ? now : Math.min(stamp % 1000 === 0 ? stamp + 999 : stamp, now);
    const timestamp = Math.max(base, this.onStream.get(key) ?? -Infinity);
    this.onStream.set(key, timestamp);
    this.remember(stanzaId, timestamp);
    return timestamp;
  }

  /** The timestamp of an archive result (no earlier than the one before it in the walk). */
  archiveTimestamp(archived: ArchivedMessage, now: number): number {
    const floor = archived.follows !== undefined ? this.given.get(archived.follows) : undefined;
    const timestamp = Math.max(archived.timestamp ?? now, floor ?? -Infinity);
    this.remember(archived.stanzaId, timestamp);
    return timestamp;
  }

  private remember(stanzaId: string | undefined, timestamp: number): void {
    if (stanzaId) this.given.remember(stanzaId, timestamp);
  }
}
