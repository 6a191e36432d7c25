import type { Events, NotificationEffect, ReadPoint, Snapshot, StatusUpdate, WireMessage } from '../../src-shared/contract';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { consoleLogger, silentLogger } from '../../src-main/core/log';
import { waitFor } from './wait';

/** Glance's real core with an in-memory account store, recording what it tells the renderer. */
export interface CoreUnderTest {
  core: GlanceCore;
  snapshots: Snapshot[];
  messages: WireMessage[];
  events: { statuses: StatusUpdate[]; readPoints: ReadPoint[]; notifications: NotificationEffect[] };
  opened: string[];
  latest(): Snapshot;
  waitForSnapshot(predicate: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot>;
  waitForMessage(predicate: (m: WireMessage) => boolean, timeout?: number): Promise<WireMessage>;
}

export function createCore(): CoreUnderTest {
  const opened: string[] = [];
  const core = new GlanceCore({
    accounts: memoryAccountStore(),
    preferences: memoryPreferencesStore(),
    log: process.env.GLANCE_TEST_LOG ? consoleLogger('core') : silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async (url) => void opened.push(url),
  });
  const snapshots: Snapshot[] = [];
  const messages: WireMessage[] = [];
  core.on('snapshot', (s: Events['snapshot']) => snapshots.push(s));
  core.on('messages', (batch: Events['messages']) => messages.push(...batch));
  const events = { statuses: [] as StatusUpdate[], readPoints: [] as ReadPoint[], notifications: [] as NotificationEffect[] };
  core.on('notification', (effect: Events['notification']) => events.notifications.push(effect));
  core.on('statuses', (batch: Events['statuses']) => events.statuses.push(...batch));
  core.on('readPoints', (batch: Events['readPoints']) => events.readPoints.push(...batch));
  const latest = () => snapshots.at(-1) as Snapshot;
  return {
    core,
    snapshots,
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
