import type { GlanceBridge } from '../../src-shared/contract';
import type { History } from '../history';
import { readTimingOverrides, watchActivity, watchAttention } from './dom-signals';
import { ReadTracker } from './read-tracker';
import { loadTiming, TIMING_STORAGE_KEY } from './timing';

/**
 * The app's read tracker: timing from the localStorage overrides (read once, now), the page's
 * monotonic clock, the open history for the local write, the bridge's `markDisplayed` and
 * `reportReading` (the conversation being read right now, for notifications).
 */
export function createReadTracker(bridge: Pick<GlanceBridge, 'invoke'>, history: () => History | undefined, onError: (error: unknown) => void): ReadTracker {
  return new ReadTracker({
    timing: loadTiming(() => readTimingOverrides(TIMING_STORAGE_KEY)),
    now: () => performance.now(),
    markReadUpTo: async (conversation, upTo) => history()?.markReadUpTo(conversation, upTo),
    markDisplayed: (request) => {
      bridge.invoke('markDisplayed', request).catch((error: unknown) => console.warn('glance: markDisplayed failed', error));
    },
    reportReading: (conversation) => {
      bridge.invoke('reportReading', { conversation }).catch((error: unknown) => console.warn('glance: reportReading failed', error));
    },
    onError,
  });
}

/** Feeds the tracker focus, page visibility and activity; sends waiting markers when the page goes away. Returns the undo. */
export function feedReadTracker(tracker: ReadTracker, bridge: Pick<GlanceBridge, 'on'>): () => void {
  const flush = () => tracker.flushMarkers();
  const stops = [
    watchAttention(bridge, (focused, visible) => tracker.setAttention(focused, visible)),
    watchActivity(window, () => tracker.activity()),
    () => window.removeEventListener('pagehide', flush),
  ];
  window.addEventListener('pagehide', flush);
  return () => {
    for (const stop of stops) stop();
    tracker.dispose();
  };
}
