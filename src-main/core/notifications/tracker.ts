import type { MessageActionBase, NumberedHistoryEvent, OwnPresence, ReactionSet, WireMessage } from '../../../src-shared/contract';
import { translate } from '../../../src-shared/i18n';
import { referenceOf } from '../../../src-shared/authorship';
import type { Locale } from '../../../src-shared/i18n';
import { conversationKey, parseConversationKey, type ConversationKey, type ConversationRef } from '../../../src-shared/conversation';
import { aggregateCatchUp, SeenMessages, type CatchUpMessage } from './catch-up';
import { notificationContent, notificationTexts, type NotificationPrivacy } from './content';
import type { MessageRef, NotificationEffect } from './intent';
import { OwnMessages } from './own-messages';
import { decideNotification, isCoveredByReadMark, readPointNames, type MuteSetting, type PolicyMessage, type ReadMark } from './policy';

/** A message as the core hands it over (a WireMessage fits). */
export interface TrackedMessage extends CatchUpMessage {
  body: string;
}

export interface ReadPointRef {
  conversation: ConversationRef;
  stanzaId?: string;
  messageId?: string;
}

/** What the tracker asks of the rest of the app; read at the moment of each decision. */
export interface TrackerEnvironment {
  mute(conversation: ConversationRef): MuteSetting;
  /** The renderer's last report: the person is reading this conversation right now. */
  readingNow(conversation: ConversationRef): boolean;
  presence(): OwnPresence;
  privacy(): NotificationPrivacy;
  displayName(conversation: ConversationRef): string;
  /** The language notifications are written in (English when not given). */
  locale?(): Locale;
  /** The setting: notify of reactions to our messages (yes when not given). */
  notifyReactions?(): boolean;
}

const RECENT_PER_CONVERSATION = 500;
const PENDING_PER_CONVERSATION = 5000;

/**
 * The stateful side of notifications, with no timers and no I/O: one notification per
 * conversation, standing for the messages notified since it was last read; held back after a new
 * session until MDS is fetched, then one per conversation; closed when read anywhere.
 * Feed it the core's messages and read points; it emits show/close effects.
 */
export class NotificationTracker {
  private mdsDone = false;
  /** What the catch-up still waits for: the MDS fetch of the session, archive walks under way. */
  private holds = 0;
  private catchUp: TrackedMessage[] = [];
  private readonly catchUpReads = new Map<ConversationKey, ReadPointRef[]>();
  private readonly marks = new Map<ConversationKey, ReadMark>();
  /** Identities of recent messages per conversation, arrival order, to place read points. */
  private readonly recent = new Map<ConversationKey, PolicyMessage[]>();
  /** Notified, unread, oldest first: what each showing notification stands for. */
  private readonly pending = new Map<ConversationKey, TrackedMessage[]>();
  /**
   * Every message a conversation's showing notification has counted: a message that arrived live
   * and comes again from an archive walk (a sync that began just after it) counts once.
   */
  private readonly counted = new Map<ConversationKey, SeenMessages>();
  private readonly own = new OwnMessages();

  constructor(
    private readonly env: TrackerEnvironment,
    private readonly emit: (effect: NotificationEffect) => void,
  ) {}

  /** A new session (not a resumed stream): hold messages until `mdsFetched`. */
  sessionStarted(): void {
    this.holds = 1;
    this.mdsDone = false;
    this.catchUp = [];
    this.catchUpReads.clear();
  }

  /** The MDS fetch finished (or failed: nothing published counts as fetched): release the catch-up. */
  mdsFetched(): void {
    this.holds = Math.max(0, this.holds - 1);
    if (this.mdsDone || this.holds > 0) return;
    this.mdsDone = true;
    const collected = this.catchUp;
    this.catchUp = [];
    const groups = aggregateCatchUp({
      messages: collected,
      presence: this.env.presence(),
      conversation: (conversation) => {
        const key = conversationKey(conversation);
        return {
          mute: this.env.mute(conversation),
          readingNow: this.env.readingNow(conversation),
          readPoints: [...(this.catchUpReads.get(key) ?? []), ...markPoints(this.marks.get(key))],
          readAt: this.marks.get(key)?.at,
        };
      },
    });
    this.catchUpReads.clear();
    for (const group of groups) {
      if (this.addPending(group.conversation, group.messages)) this.present(group.conversation, false);
    }
  }

  /**
   * An archive walk (after being offline) starts: its messages, and live ones meanwhile, are held
   * and then notified once per conversation, leaving out what the read points (kept across the
   * walk) show as read elsewhere. `releaseCatchUp` ends it.
   */
  holdForCatchUp(): void {
    if (this.mdsDone) {
      this.mdsDone = false;
      this.catchUp = [];
      this.catchUpReads.clear();
    }
    this.holds += 1;
  }

  releaseCatchUp(): void {
    this.mdsFetched();
  }

  /** Messages from the core, both directions, in arrival order. */
  messages(messages: readonly TrackedMessage[]): void {
    const touched = new Map<ConversationKey, ConversationRef>();
    const reread = new Map<ConversationKey, ConversationRef>();
    for (const message of messages) {
      this.remember(message);
      if (!this.mdsDone) {
        this.catchUp.push(message);
        continue;
      }
      const key = conversationKey(message.conversation);
      if (message.direction === 'out') {
        if (this.readUpTo(message.conversation, message.timestamp)) reread.set(key, message.conversation);
        continue;
      }
      const mark = this.marks.get(key);
      const alreadyRead = isCoveredByReadMark(message, mark);
      const decision = decideNotification({
        message,
        mute: this.env.mute(message.conversation),
        mentionsMe: message.mentionsMe ?? false,
        readingNow: this.env.readingNow(message.conversation),
        presence: this.env.presence(),
        alreadyRead: alreadyRead && message.via !== 'archive',
        archiveBeforeReadPoint: alreadyRead && message.via === 'archive',
        mdsFetched: true,
      });
      if (!decision.notify) continue;
      if (this.addPending(message.conversation, [message])) touched.set(key, message.conversation);
    }
    for (const [key, conversation] of reread) if (!touched.has(key)) this.afterRead(conversation);
    for (const conversation of touched.values()) this.present(conversation, false);
  }

  /**
   * A fresh batch of the renderer feed (never a replay), in arrival order: messages may notify;
   * ours and read points close. Messages up to the next read point are taken together, so a
   * burst is one notification per conversation (statuses do not concern the tracker).
   */
  observeHistory(batch: readonly NumberedHistoryEvent[]): void {
    let run: WireMessage[] = [];
    const takeMessages = () => {
      if (run.length === 0) return;
      this.messages(run.filter((m) => m.direction === 'in'));
      // A reaction names our message by its reference: the room's stanza-id in a room.
      for (const m of run) if (m.direction === 'out') this.ownMessage(m.conversation, m.timestamp, referenceOf(m.conversation, m));
      run = [];
    };
    for (const event of batch) {
      if (event.kind === 'message') {
        // A room's quiet line (someone joined, the subject changed) never notifies.
        if (!event.message.notice) run.push(event.message);
        continue;
      }
      if (event.kind === 'reaction') {
        takeMessages();
        this.reacted(event.reaction);
        continue;
      }
      if (event.kind === 'correction' || event.kind === 'retraction') {
        takeMessages();
        this.amend(event.kind === 'correction' ? event.correction : event.retraction, event.kind === 'correction' ? event.correction.body : undefined);
        continue;
      }
      if (event.kind !== 'readPoint') continue;
      takeMessages();
      this.readPoints([event.readPoint]);
    }
    takeMessages();
  }

  /** One of our own messages (sent from this device, or seen from another): the conversation is read up to it. */
  ownMessage(conversation: ConversationRef, timestamp: number, id?: string): void {
    this.own.add(conversation, id);
    if (this.readUpTo(conversation, timestamp)) this.afterRead(conversation);
  }

  /**
   * Read points: MDS (fetch or push), our own marker seen via carbons, or reading here
   * (`markDisplayed`). A point naming nothing closes the conversation's notification.
   */
  readPoints(points: readonly ReadPointRef[]): void {
    const changed = new Map<ConversationKey, ConversationRef>();
    for (const point of points) {
      const key = conversationKey(point.conversation);
      if (!this.mdsDone) {
        const list = this.catchUpReads.get(key) ?? [];
        list.push(point);
        this.catchUpReads.set(key, list);
      }
      const mark: ReadMark = { ...this.marks.get(key) };
      if (point.stanzaId) mark.stanzaId = point.stanzaId;
      if (point.messageId) mark.messageId = point.messageId;
      const named = (this.recent.get(key) ?? []).findLast((message) => readPointNames(message, point));
      if (named) mark.at = Math.max(mark.at ?? named.timestamp, named.timestamp);
      this.marks.set(key, mark);
      const pending = this.pending.get(key);
      if (!pending || pending.length === 0) continue;
      let remaining: TrackedMessage[];
      if (named) remaining = pending.filter((message) => message.timestamp > named.timestamp);
      // The state fetched at the start of a session may name an old message we never saw; a
      // change arriving later names something at least as new as what we notified.
      else if (this.mdsDone || (!point.stanzaId && !point.messageId)) remaining = [];
      else continue;
      if (remaining.length === pending.length) continue;
      this.pending.set(key, remaining);
      changed.set(key, point.conversation);
    }
    for (const conversation of changed.values()) this.afterRead(conversation);
  }

  /**
   * The sender corrected (`body`) or retracted (no body) a message: a notification standing for
   * it shows the new text quietly, never a second time (XEP-0308), or no longer stands for it
   * and closes when nothing else is left (XEP-0424). Incoming actions only: in a chat the other
   * party is the only sender, so the target is theirs (test/unit/notification-policy.test.ts).
   */
  amend(action: MessageActionBase, body?: string): void {
    if (action.direction !== 'in') return;
    const key = conversationKey(action.conversation);
    const names = (message: TrackedMessage) => message.direction === 'in' && referenceOf(action.conversation, message) === action.target;
    const replace = (list: TrackedMessage[]) =>
      body === undefined ? list.filter((message) => !names(message)) : list.map((message) => (names(message) ? { ...message, body } : message));
    this.catchUp = this.catchUp.some(names) ? replace(this.catchUp) : this.catchUp;
    const pending = this.pending.get(key);
    if (!pending?.some(names)) return;
    this.pending.set(key, replace(pending));
    this.afterRead(action.conversation);
  }

  /**
   * A reaction to one of our messages notifies like a message from its sender (quiet when muted,
   * under Do Not Disturb or while the conversation is read), never from the archive or during a
   * catch-up, never when it takes reactions away, and not when the setting is off (XEP-0444).
   */
  private reacted(reaction: ReactionSet): void {
    if (reaction.direction !== 'in' || reaction.via === 'archive' || !this.mdsDone || reaction.emojis.length === 0) return;
    if (!(this.env.notifyReactions?.() ?? true) || !this.own.has(reaction.conversation, reaction.target)) return;
    const body = translate(this.env.locale?.() ?? 'en', 'notification.reaction', { emojis: reaction.emojis.join(' ') });
    const { conversation, via, timestamp, id, stanzaId } = reaction;
    this.messages([{ conversation, direction: 'in', via, timestamp, id, stanzaId, body }]);
  }

  /** Close a conversation's notification and forget what it stood for (e.g. it was muted). */
  dismiss(conversation: ConversationRef): void {
    const key = conversationKey(conversation);
    if (!this.pending.get(key)?.length) return;
    this.pending.delete(key);
    this.counted.delete(key);
    this.emit({ kind: 'close', conversation });
  }

  /** Signed out: close everything and forget all state. */
  reset(): void {
    for (const key of [...this.pending.keys()]) {
      const conversation = parseConversationKey(key);
      if (conversation) this.dismiss(conversation);
    }
    this.pending.clear();
    this.counted.clear();
    this.marks.clear();
    this.recent.clear();
    this.own.clear();
    this.catchUp = [];
    this.catchUpReads.clear();
    this.mdsDone = false;
    this.holds = 0;
  }

  /** Conversations with a notification showing, and how many messages each stands for. */
  showing(): Map<ConversationKey, number> {
    return new Map([...this.pending].filter(([, list]) => list.length > 0).map(([key, list]) => [key, list.length]));
  }

  private remember(message: PolicyMessage): void {
    const key = conversationKey(message.conversation);
    const list = this.recent.get(key) ?? [];
    list.push({
      conversation: message.conversation,
      direction: message.direction,
      via: message.via,
      timestamp: message.timestamp,
      id: message.id,
      originId: message.originId,
      stanzaId: message.stanzaId,
    });
    if (list.length > RECENT_PER_CONVERSATION) list.shift();
    this.recent.set(key, list);
  }

  /** Moves the read mark to `timestamp`; true when that dropped pending messages. */
  private readUpTo(conversation: ConversationRef, timestamp: number): boolean {
    const key = conversationKey(conversation);
    const mark = this.marks.get(key) ?? {};
    this.marks.set(key, { ...mark, at: Math.max(mark.at ?? timestamp, timestamp) });
    const pending = this.pending.get(key);
    if (!pending?.length) return false;
    const remaining = pending.filter((message) => message.timestamp > timestamp);
    if (remaining.length === pending.length) return false;
    this.pending.set(key, remaining);
    return true;
  }

  /** After reading dropped some of a conversation's pending messages: close, or update quietly. */
  private afterRead(conversation: ConversationRef): void {
    const key = conversationKey(conversation);
    if (this.pending.get(key)?.length) this.present(conversation, true);
    else {
      this.pending.delete(key);
      this.counted.delete(key);
      this.emit({ kind: 'close', conversation });
    }
  }

  /** Adds what a conversation's notification does not count yet; true when something was added. */
  private addPending(conversation: ConversationRef, messages: readonly TrackedMessage[]): boolean {
    const key = conversationKey(conversation);
    let counted = this.counted.get(key);
    if (!counted) this.counted.set(key, (counted = new SeenMessages()));
    const pending = this.pending.get(key) ?? [];
    let added = false;
    for (const message of messages) {
      if (counted.has(message)) continue;
      counted.add(message);
      pending.push(message);
      added = true;
    }
    if (pending.length > PENDING_PER_CONVERSATION) pending.splice(0, pending.length - PENDING_PER_CONVERSATION);
    this.pending.set(key, pending);
    return added;
  }

  private present(conversation: ConversationRef, silent: boolean): void {
    const pending = this.pending.get(conversationKey(conversation));
    if (!pending?.length) return;
    const oldest = pending[0];
    const newest = pending[pending.length - 1];
    const content = notificationContent({
      privacy: this.env.privacy(),
      displayName: this.env.displayName(conversation),
      body: newest.body,
      count: pending.length,
      texts: notificationTexts(this.env.locale?.() ?? 'en'),
    });
    this.emit({ kind: 'show', intent: { conversation, ...content, count: pending.length, at: refOf(oldest), silent } });
  }
}

function markPoints(mark: ReadMark | undefined): { stanzaId?: string; messageId?: string }[] {
  return mark && (mark.stanzaId || mark.messageId) ? [{ stanzaId: mark.stanzaId, messageId: mark.messageId }] : [];
}

function refOf(message: PolicyMessage): MessageRef {
  const clientId = message.originId ?? message.id;
  return { timestamp: message.timestamp, ...(message.stanzaId ? { stanzaId: message.stanzaId } : {}), ...(clientId ? { clientId } : {}) };
}
