import type {
  EphemeralEvent,
  Events,
  NotificationEffect,
  NumberedHistoryEvent,
  ReadPoint,
  Snapshot,
  StatusUpdate,
  WireMessage,
} from '../../src-shared/contract';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { consoleLogger, silentLogger } from '../../src-main/core/log';
import type { RosterCache } from '../../src-main/core/roster-cache';
import { waitFor } from './wait';

/** Glance's real core with an in-memory account store, recording what it tells the renderer. */
export interface CoreUnderTest {
  core: GlanceCore;
  snapshots: Snapshot[];
  /** Every `history` event, as it came (replays included). */
  history: NumberedHistoryEvent[];
  /** Every `ephemeral` event. */
  ephemeral: EphemeralEvent[];
  /** Every `ephemeral` event that says a room's participants changed: the rooms. */
  occupantChanges: string[];
  /** The messages among the history events. */
  messages: WireMessage[];
  /** The statuses and read points among the history events, and the notifications. */
  events: { statuses: StatusUpdate[]; readPoints: ReadPoint[]; notifications: NotificationEffect[] };
  opened: string[];
  latest(): Snapshot;
  waitForSnapshot(predicate: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot>;
  waitForMessage(predicate: (m: WireMessage) => boolean, timeout?: number): Promise<WireMessage>;
}

/** `rosterCache`: where the core keeps rosters between sessions (its own in-memory one when absent). */
export function createCore(options: { rosterCache?: RosterCache } = {}): CoreUnderTest {
  const opened: string[] = [];
  const core = new GlanceCore({
    rosterCache: options.rosterCache,
    accounts: memoryAccountStore(),
    preferences: memoryPreferencesStore(),
    log: process.env.GLANCE_TEST_LOG ? consoleLogger('core') : silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async (url) => void opened.push(url),
  });
  const snapshots: Snapshot[] = [];
  const history: NumberedHistoryEvent[] = [];
  const ephemeral: EphemeralEvent[] = [];
  const occupantChanges: string[] = [];
  const messages: WireMessage[] = [];
  const events = { statuses: [] as StatusUpdate[], readPoints: [] as ReadPoint[], notifications: [] as NotificationEffect[] };
  core.on('snapshot', (s: Events['snapshot']) => snapshots.push(s));
  core.on('history', (batch: Events['history']) => {
    history.push(...batch);
    for (const event of batch) {
      if (event.kind === 'message') messages.push(event.message);
      else if (event.kind === 'status') events.statuses.push(event.status);
      else if (event.kind === 'readPoint') events.readPoints.push(event.readPoint);
    }
  });
  core.on('ephemeral', (batch: Events['ephemeral']) => {
    for (const event of batch) {
      ephemeral.push(event);
      if (event.kind === 'occupants') occupantChanges.push(event.jid);
    }
  });
  core.on('notification', (effect: Events['notification']) => events.notifications.push(effect));
  const latest = () => snapshots.at(-1) as Snapshot;
  return {
    core,
    snapshots,
    history,
    ephemeral,
    occupantChanges,
    messages,
    events,
    opened,
    latest,
    waitForSnapshot: (predicate, timeout = 10_000) =>
      waitFor(() => snapshots.findLast(predicate), { timeout, message: () => `snapshot; latest: ${JSON.stringify(latest())}` }),
    waitForMessage: (predicate, timeout = 10_000) =>
      waitFor(() => messages.find(predicate), { timeout, message: () => `message; got ${JSON.stringify(messages)}` }),
  };
}
