import type { Events, OwnPresence } from '../../../src-shared/contract';
import type { Locale } from '../../../src-shared/i18n';
import { aggregateCatchUp, SeenMessages, type CatchUpMessage } from './catch-up';
import { notificationContent, notificationTexts, type NotificationPrivacy } from './content';
import type { MessageRef, NotificationEffect } from './intent';
import { decideNotification, isCoveredByReadMark, readPointNames, type MuteSetting, type PolicyMessage, type ReadMark } from './policy';

/** A message as the core hands it over (a WireMessage fits). */
export interface TrackedMessage extends CatchUpMessage {
  body: string;
}

export interface ReadPointRef {
  peer: string;
  stanzaId?: string;
  messageId?: string;
}

/** What the tracker asks of the rest of the app; read at the moment of each decision. */
export interface TrackerEnvironment {
  mute(peer: string): MuteSetting;
  /** The renderer's last report: the person is reading this conversation right now. */
  readingNow(peer: string): boolean;
  presence(): OwnPresence;
  privacy(): NotificationPrivacy;
  displayName(peer: string): string;
  /** The language notifications are written in (English when not given). */
  locale?(): Locale;
}

const RECENT_PER_PEER = 500;
const PENDING_PER_PEER = 5000;

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
  private readonly catchUpReads = new Map<string, ReadPointRef[]>();
  private readonly marks = new Map<string, ReadMark>();
  /** Identities of recent messages per conversation, arrival order, to place read points. */
  private readonly recent = new Map<string, PolicyMessage[]>();
  /** Notified, unread, oldest first: what each showing notification stands for. */
  private readonly pending = new Map<string, TrackedMessage[]>();
  /**
   * Every message a conversation's showing notification has counted: a message that arrived live
   * and comes again from an archive walk (a sync that began just after it) counts once.
   */
  private readonly counted = new Map<string, SeenMessages>();

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
      conversation: (peer) => ({
        mute: this.env.mute(peer),
        readingNow: this.env.readingNow(peer),
        readPoints: [...(this.catchUpReads.get(peer) ?? []), ...markPoints(this.marks.get(peer))],
        readAt: this.marks.get(peer)?.at,
      }),
    });
    this.catchUpReads.clear();
    for (const group of groups) {
      if (this.addPending(group.peer, group.messages)) this.present(group.peer, false);
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
    const touched = new Set<string>();
    const reread = new Set<string>();
    for (const message of messages) {
      this.remember(message);
      if (!this.mdsDone) {
        this.catchUp.push(message);
        continue;
      }
      if (message.direction === 'out') {
        if (this.readUpTo(message.peer, message.timestamp)) reread.add(message.peer);
        continue;
      }
      const mark = this.marks.get(message.peer);
      const alreadyRead = isCoveredByReadMark(message, mark);
      const decision = decideNotification({
        message,
        mute: this.env.mute(message.peer),
        mentionsMe: message.mentionsMe ?? false,
        readingNow: this.env.readingNow(message.peer),
        presence: this.env.presence(),
        alreadyRead: alreadyRead && message.via !== 'archive',
        archiveBeforeReadPoint: alreadyRead && message.via === 'archive',
        mdsFetched: true,
      });
      if (!decision.notify) continue;
      if (this.addPending(message.peer, [message])) touched.add(message.peer);
    }
    for (const peer of reread) if (!touched.has(peer)) this.afterRead(peer);
    for (const peer of touched) this.present(peer, false);
  }

  /** One of our own messages sent from this device: the conversation is read up to it. */
  /** A fresh batch of the renderer feed (never a replay): messages may notify; ours and read points close. */
  observeFeed(name: 'messages' | 'statuses' | 'readPoints', payload: Events['messages'] | Events['statuses'] | Events['readPoints']): void {
    if (name === 'messages') {
      const messages = payload as Events['messages'];
      this.messages(messages.filter((m) => m.direction === 'in'));
      for (const m of messages) if (m.direction === 'out') this.ownMessage(m.peer, m.timestamp);
    } else if (name === 'readPoints') {
      this.readPoints(payload as Events['readPoints']);
    }
  }

  ownMessage(peer: string, timestamp: number): void {
    if (this.readUpTo(peer, timestamp)) this.afterRead(peer);
  }

  /**
   * Read points: MDS (fetch or push), our own marker seen via carbons, or reading here
   * (`markDisplayed`). A point naming nothing closes the conversation's notification.
   */
  readPoints(points: readonly ReadPointRef[]): void {
    const changed = new Set<string>();
    for (const point of points) {
      if (!this.mdsDone) {
        const list = this.catchUpReads.get(point.peer) ?? [];
        list.push(point);
        this.catchUpReads.set(point.peer, list);
      }
      const mark: ReadMark = { ...this.marks.get(point.peer) };
      if (point.stanzaId) mark.stanzaId = point.stanzaId;
      if (point.messageId) mark.messageId = point.messageId;
      const named = (this.recent.get(point.peer) ?? []).findLast((message) => readPointNames(message, point));
      if (named) mark.at = Math.max(mark.at ?? named.timestamp, named.timestamp);
      this.marks.set(point.peer, mark);
      const pending = this.pending.get(point.peer);
      if (!pending || pending.length === 0) continue;
      let remaining: TrackedMessage[];
      if (named) remaining = pending.filter((message) => message.timestamp > named.timestamp);
      // The state fetched at the start of a session may name an old message we never saw; a
      // change arriving later names something at least as new as what we notified.
      else if (this.mdsDone || (!point.stanzaId && !point.messageId)) remaining = [];
      else continue;
      if (remaining.length === pending.length) continue;
      this.pending.set(point.peer, remaining);
      changed.add(point.peer);
    }
    for (const peer of changed) this.afterRead(peer);
  }

  /** Close a conversation's notification and forget what it stood for (e.g. it was muted). */
  dismiss(peer: string): void {
    if (!this.pending.get(peer)?.length) return;
    this.pending.delete(peer);
    this.counted.delete(peer);
    this.emit({ kind: 'close', peer });
  }

  /** Signed out: close everything and forget all state. */
  reset(): void {
    for (const peer of [...this.pending.keys()]) this.dismiss(peer);
    this.pending.clear();
    this.counted.clear();
    this.marks.clear();
    this.recent.clear();
    this.catchUp = [];
    this.catchUpReads.clear();
    this.mdsDone = false;
    this.holds = 0;
  }

  /** Conversations with a notification showing, and how many messages each stands for. */
  showing(): Map<string, number> {
    return new Map([...this.pending].filter(([, list]) => list.length > 0).map(([peer, list]) => [peer, list.length]));
  }

  private remember(message: PolicyMessage): void {
    const list = this.recent.get(message.peer) ?? [];
    list.push({ peer: message.peer, direction: message.direction, via: message.via, timestamp: message.timestamp, id: message.id, originId: message.originId, stanzaId: message.stanzaId });
    if (list.length > RECENT_PER_PEER) list.shift();
    this.recent.set(message.peer, list);
  }

  /** Moves the read mark to `timestamp`; true when that dropped pending messages. */
  private readUpTo(peer: string, timestamp: number): boolean {
    const mark = this.marks.get(peer) ?? {};
    this.marks.set(peer, { ...mark, at: Math.max(mark.at ?? timestamp, timestamp) });
    const pending = this.pending.get(peer);
    if (!pending?.length) return false;
    const remaining = pending.filter((message) => message.timestamp > timestamp);
    if (remaining.length === pending.length) return false;
    this.pending.set(peer, remaining);
    return true;
  }

  /** After reading dropped some of a conversation's pending messages: close, or update quietly. */
  private afterRead(peer: string): void {
    if (this.pending.get(peer)?.length) this.present(peer, true);
    else {
      this.pending.delete(peer);
      this.counted.delete(peer);
      this.emit({ kind: 'close', peer });
    }
  }

  /** Adds what a conversation's notification does not count yet; true when something was added. */
  private addPending(peer: string, messages: readonly TrackedMessage[]): boolean {
    let counted = this.counted.get(peer);
    if (!counted) this.counted.set(peer, (counted = new SeenMessages()));
    const pending = this.pending.get(peer) ?? [];
    let added = false;
    for (const message of messages) {
      if (counted.has(message)) continue;
      counted.add(message);
      pending.push(message);
      added = true;
    }
    if (pending.length > PENDING_PER_PEER) pending.splice(0, pending.length - PENDING_PER_PEER);
    this.pending.set(peer, pending);
    return added;
  }

  private present(peer: string, silent: boolean): void {
    const pending = this.pending.get(peer);
    if (!pending?.length) return;
    const oldest = pending[0];
    const newest = pending[pending.length - 1];
    const content = notificationContent({
      privacy: this.env.privacy(),
      displayName: this.env.displayName(peer),
      body: newest.body,
      count: pending.length,
      texts: notificationTexts(this.env.locale?.() ?? 'en'),
    });
    this.emit({ kind: 'show', intent: { peer, ...content, count: pending.length, at: refOf(oldest), silent } });
  }
}

function markPoints(mark: ReadMark | undefined): { stanzaId?: string; messageId?: string }[] {
  return mark && (mark.stanzaId || mark.messageId) ? [{ stanzaId: mark.stanzaId, messageId: mark.messageId }] : [];
}

function refOf(message: PolicyMessage): MessageRef {
  const clientId = message.originId ?? message.id;
  return { timestamp: message.timestamp, ...(message.stanzaId ? { stanzaId: message.stanzaId } : {}), ...(clientId ? { clientId } : {}) };
}
