import { conversationKey, sameConversation, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import { comparePosition, type Cursor, type ReadAdvance } from '../history';
import { MarkerBatch, type DisplayedRequest } from './marker-batch';
import { ActivityClock, decideRead, readingConversation, type ReadingState, type VisibleMessage } from './read-policy';
import type { ReadTiming } from './timing';

/** Longest a read step's marker waits for the newer messages on screen that are about to be seen (ms). */
export const MARKER_MAX_DELAY_MS = 1500;

export interface ReadTrackerDeps {
  timing: ReadTiming;
  /** Monotonic milliseconds (performance.now() in the page); every time given to the tracker uses it. */
  now(): number;
  /** The one local write of a read step (History.markReadUpTo); undefined when it did not move forward. */
  markReadUpTo(conversation: ConversationRef, upTo: Cursor): Promise<ReadAdvance | undefined>;
  /** Tells the core (the `markDisplayed` command). */
  markDisplayed(request: DisplayedRequest): void;
  /** The conversation being read right now changed (the `reportReading` command). */
  reportReading?(conversation: ConversationRef | null): void;
  onError(error: unknown): void;
}

/**
 * The read rule's moving parts: it keeps the state the policy needs (focus, visibility of the page,
 * activity, the open conversation and its visible rows), asks the policy whenever that changes or
 * a dwell ends, and turns a newly seen message into one history write and, coalesced, one
 * `markDisplayed`. Knows nothing of the DOM; dom-signals.ts and the message list feed it.
 */
export class ReadTracker {
  private windowFocused = false;
  private pageVisible = false;
  private focusedSince: number | undefined;
  private readonly activityClock: ActivityClock;
  private openConversation: ConversationRef | undefined;
  /** Per conversation, so a list going away cannot clear the rows of the one that replaced it. */
  private readonly visible = new Map<ConversationKey, readonly VisibleMessage[]>();
  private readonly atBottom = new Set<ConversationKey>();
  private reading: ConversationRef | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Newest position handed to history per conversation, so a row is not written twice while the list catches up. */
  private readonly committed = new Map<ConversationKey, Cursor>();
  private writes: Promise<void> = Promise.resolve();
  private readonly markers: MarkerBatch;

  constructor(private readonly deps: ReadTrackerDeps) {
    this.activityClock = new ActivityClock(deps.timing.activityMs);
    this.markers = new MarkerBatch({ send: (request) => deps.markDisplayed(request), maxDelayMs: MARKER_MAX_DELAY_MS });
  }

  get now(): number {
    return this.deps.now();
  }

  /** Window focus (from the main process, or the page in the preview) and page visibility. */
  setAttention(windowFocused: boolean, pageVisible: boolean): void {
    const was = this.windowFocused && this.pageVisible;
    this.windowFocused = windowFocused;
    this.pageVisible = pageVisible;
    const is = windowFocused && pageVisible;
    if (is && !was) this.focusedSince = this.deps.now();
    if (!is) this.focusedSince = undefined;
    this.evaluate();
  }

  /** A key, click, wheel, touch or mouse move that changed coordinates. */
  activity(): void {
    this.activityClock.record(this.deps.now());
    this.evaluate();
  }

  /** The conversation open on screen (rule 3), or none. */
  setOpenConversation(conversation: ConversationRef | undefined): void {
    if (conversation === this.openConversation || sameConversation(conversation, this.openConversation)) return;
    this.openConversation = conversation;
    this.evaluate();
  }

  /** The rows of the conversation's list that are in view now, with the time each came into view. */
  setVisible(conversation: ConversationRef, visible: readonly VisibleMessage[]): void {
    const key = conversationKey(conversation);
    if (visible.length) this.visible.set(key, visible);
    else this.visible.delete(key);
    this.evaluate();
  }

  /** Whether the conversation's list shows its newest message at the bottom of the viewport. */
  setAtBottom(conversation: ConversationRef, atBottom: boolean): void {
    const key = conversationKey(conversation);
    if (atBottom === this.atBottom.has(key)) return;
    if (atBottom) this.atBottom.add(key);
    else this.atBottom.delete(key);
    this.evaluate();
  }

  /** Another history (account) from now on: forget what was committed. */
  reset(): void {
    this.markers.flushAll();
    this.committed.clear();
    this.visible.clear();
    this.atBottom.clear();
    this.evaluate();
  }

  private state(): ReadingState {
    const open = this.openConversation && conversationKey(this.openConversation);
    return {
      now: this.deps.now(),
      windowFocused: this.windowFocused,
      pageVisible: this.pageVisible,
      focusedSince: this.focusedSince,
      lastActivity: this.activityClock.lastActivity,
      activeSince: this.activityClock.activeSince,
      openConversation: this.openConversation,
      visible: (open !== undefined && this.visible.get(open)) || [],
    };
  }

  evaluate(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.state();
    const { seen, recheckAt } = decideRead(state, this.deps.timing);
    const atBottom = state.openConversation !== undefined && this.atBottom.has(conversationKey(state.openConversation));
    const reading = readingConversation({ ...state, atBottom }, this.deps.timing) ?? null;
    if (!(reading === this.reading || sameConversation(reading, this.reading))) {
      this.reading = reading;
      this.deps.reportReading?.(reading);
    }
    // While reading, look again just after the activity window ends (idle is not reading).
    const idleAt = reading !== null ? this.activityClock.lastActivity! + this.deps.timing.activityMs + 1 : undefined;
    const next = Math.min(recheckAt ?? Infinity, idleAt ?? Infinity);
    if (next !== Infinity) this.timer = setTimeout(() => this.evaluate(), Math.max(0, next - state.now));
    // A newer message on screen whose dwell is still running will be seen too: its marker covers this one.
    if (seen) this.commit(seen, recheckAt !== undefined);
  }

  /** Waits for the writes started so far (tests). */
  settled(): Promise<void> {
    return this.writes;
  }

  /** Sends the coalesced markers that are still waiting (the page is going away). */
  flushMarkers(): void {
    this.markers.flushAll();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.markers.flushAll();
  }

  private commit(seen: VisibleMessage, moreComing: boolean): void {
    const upTo: Cursor = { timestamp: seen.timestamp, order: seen.order };
    const key = conversationKey(seen.conversation);
    const done = this.committed.get(key);
    if (done && comparePosition(upTo, done) <= 0) return;
    this.committed.set(key, upTo);
    this.writes = this.writes
      .then(async () => {
        const advance = await this.deps.markReadUpTo(seen.conversation, upTo);
        if (advance) this.markers.add(advance, moreComing);
      })
      .catch((error: unknown) => {
        // Let the next decision try again.
        if (this.committed.get(key) === upTo) this.committed.delete(key);
        this.deps.onError(error);
      });
  }
}
