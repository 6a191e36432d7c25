import { sameConversation, type ConversationRef } from '../../src-shared/conversation';
import type { ReadTiming } from './timing';

/**
 * The read rule of docs/architecture.md as pure functions over explicit state. A received message is *seen*
 * once, continuously for the dwell time, (1) the window is focused and the page visible, (2) the
 * person was active recently, (3) its conversation is the open one and (4) enough of it is inside
 * the list's viewport. Times are milliseconds on one clock (the renderer uses performance.now()).
 */

/** A message row currently inside the open list's viewport (rule 4), since when. */
export interface VisibleMessage {
  key: string;
  conversation: ConversationRef;
  direction: 'in' | 'out';
  read: boolean;
  timestamp: number;
  order: number;
  /** When it last became visible (and has stayed visible since). */
  since: number;
}

export interface ReadingState {
  now: number;
  windowFocused: boolean;
  pageVisible: boolean;
  /** When the window last gained focus with the page visible; the 1 s focus dwell counts from here. */
  focusedSince?: number;
  /** The last key, click, wheel, touch or mouse move that changed coordinates. */
  lastActivity?: number;
  /** Start of the current unbroken run of activity (no gap longer than the activity window). */
  activeSince?: number;
  openConversation?: ConversationRef;
  visible: readonly VisibleMessage[];
}

export interface ReadDecision {
  /** The newest message that counts as seen now (everything up to it becomes read). */
  seen?: VisibleMessage;
  /** When to decide again if nothing else changes (a newer candidate's dwell ends then). */
  recheckAt?: number;
}

/** Rule 4 for one IntersectionObserver entry: at least half of the row, or 100 px of a tall one. */
export function countsAsVisible(entry: { isIntersecting: boolean; intersectionRatio: number; intersectionHeight: number }): boolean {
  return entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionHeight >= 100);
}

function newer(a: VisibleMessage, b: VisibleMessage): boolean {
  return a.timestamp > b.timestamp || (a.timestamp === b.timestamp && a.order > b.order);
}

/** When message `m` counts as seen if nothing changes: its dwell and the focus dwell both passed. */
function seenAt(m: VisibleMessage, focusedSince: number, activeSince: number, timing: ReadTiming): number {
  const start = Math.max(focusedSince, activeSince, m.since);
  return Math.max(start + timing.dwellMs, focusedSince + timing.focusDwellMs);
}

export function decideRead(state: ReadingState, timing: ReadTiming): ReadDecision {
  const { now, focusedSince, lastActivity, activeSince, openConversation } = state;
  if (!state.windowFocused || !state.pageVisible || focusedSince === undefined) return {};
  if (lastActivity === undefined || activeSince === undefined || openConversation === undefined) return {};
  const activeUntil = lastActivity + timing.activityMs;
  if (now > activeUntil) return {};

  const candidates = state.visible.filter((m) => sameConversation(m.conversation, openConversation) && m.direction === 'in' && !m.read);
  let seen: VisibleMessage | undefined;
  for (const m of candidates) {
    if (seenAt(m, focusedSince, activeSince, timing) <= now && (!seen || newer(m, seen))) seen = m;
  }
  let recheckAt: number | undefined;
  for (const m of candidates) {
    if (seen && !newer(m, seen)) continue;
    const at = seenAt(m, focusedSince, activeSince, timing);
    // Past the end of the activity window it cannot happen without new activity (which re-decides).
    if (at > now && at <= activeUntil && (recheckAt === undefined || at < recheckAt)) recheckAt = at;
  }
  return { seen, recheckAt };
}

/**
 * The conversation the person is reading right now, for notifications: rules 1–3 hold and its list
 * is scrolled to the newest message (so rule 4 holds for whatever arrives). No dwell: it is a state.
 */
export function readingConversation(state: Omit<ReadingState, 'visible'> & { atBottom: boolean }, timing: ReadTiming): ConversationRef | undefined {
  if (!state.windowFocused || !state.pageVisible || state.focusedSince === undefined || !state.atBottom) return undefined;
  if (state.lastActivity === undefined || state.now > state.lastActivity + timing.activityMs) return undefined;
  return state.openConversation;
}

/** Tracks the last activity and the start of the current run of it. */
export class ActivityClock {
  lastActivity: number | undefined;
  activeSince: number | undefined;

  constructor(private readonly windowMs: number) {}

  record(at: number): void {
    if (this.lastActivity === undefined || at - this.lastActivity > this.windowMs) this.activeSince = at;
    if (this.lastActivity === undefined || at > this.lastActivity) this.lastActivity = at;
  }
}
