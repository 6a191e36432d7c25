import { comparePosition, type Cursor, type ReadAdvance } from '../history';
import { MarkerBatch, type DisplayedRequest } from './marker-batch';
import { ActivityClock, decideRead, readingPeer, type ReadingState, type VisibleMessage } from './read-policy';
import type { ReadTiming } from './timing';

/** Longest a read step's marker waits for the newer messages on screen that are about to be seen (ms). */
export const MARKER_MAX_DELAY_MS = 1500;

export interface ReadTrackerDeps {
  timing: ReadTiming;
  /** Monotonic milliseconds (performance.now() in the page); every time given to the tracker uses it. */
  now(): number;
  /** The one local write of a read step (History.markReadUpTo); undefined when it did not move forward. */
  markReadUpTo(peer: string, upTo: Cursor): Promise<ReadAdvance | undefined>;
  /** Tells the core (the `markDisplayed` command). */
  markDisplayed(request: DisplayedRequest): void;
  /** The conversation being read right now changed (the `reportReading` command). */
  reportReading?(peer: string | null): void;
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
  private openPeer: string | undefined;
  /** Per conversation, so a list going away cannot clear the rows of the one that replaced it. */
  private readonly visible = new Map<string, readonly VisibleMessage[]>();
  private readonly atBottom = new Set<string>();
  private reading: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Newest position handed to history per conversation, so a row is not written twice while the list catches up. */
  private readonly committed = new Map<string, Cursor>();
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

  setOpenPeer(peer: string | undefined): void {
    if (peer === this.openPeer) return;
    this.openPeer = peer;
    this.evaluate();
  }

  /** The rows of `peer`'s list that are in view now, with the time each came into view. */
  setVisible(peer: string, visible: readonly VisibleMessage[]): void {
    if (visible.length) this.visible.set(peer, visible);
    else this.visible.delete(peer);
    this.evaluate();
  }

  /** Whether `peer`'s list shows its newest message at the bottom of the viewport. */
  setAtBottom(peer: string, atBottom: boolean): void {
    if (atBottom === this.atBottom.has(peer)) return;
    if (atBottom) this.atBottom.add(peer);
    else this.atBottom.delete(peer);
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
    return {
      now: this.deps.now(),
      windowFocused: this.windowFocused,
      pageVisible: this.pageVisible,
      focusedSince: this.focusedSince,
      lastActivity: this.activityClock.lastActivity,
      activeSince: this.activityClock.activeSince,
      openPeer: this.openPeer,
      visible: (this.openPeer !== undefined && this.visible.get(this.openPeer)) || [],
    };
  }

  evaluate(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.state();
    const { seen, recheckAt } = decideRead(state, this.deps.timing);
    const reading = readingPeer({ ...state, atBottom: state.openPeer !== undefined && this.atBottom.has(state.openPeer) }, this.deps.timing) ?? null;
    if (reading !== this.reading) {
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
    const done = this.committed.get(seen.peer);
    if (done && comparePosition(upTo, done) <= 0) return;
    this.committed.set(seen.peer, upTo);
    this.writes = this.writes
      .then(async () => {
        const advance = await this.deps.markReadUpTo(seen.peer, upTo);
        if (advance) this.markers.add(advance, moreComing);
      })
      .catch((error: unknown) => {
        // Let the next decision try again.
        if (this.committed.get(seen.peer) === upTo) this.committed.delete(seen.peer);
        this.deps.onError(error);
      });
  }
}
