import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireMessage } from '../../src-shared/contract';
import { chatWith, type ConversationRef } from '../../src-shared/conversation';
import { openHistory, type History, type StoredMessage } from '../../src-renderer/history';
import { mergeAdvance } from '../../src-renderer/reading/marker-batch';
import type { VisibleMessage } from '../../src-renderer/reading/read-policy';
import { MARKER_MAX_DELAY_MS, ReadTracker } from '../../src-renderer/reading/read-tracker';
import type { DisplayedRequest } from '../../src-renderer/reading/marker-batch';

const ALICE_JID = 'alice@example.org';
const ALICE = chatWith(ALICE_JID);
const TIMING = { dwellMs: 500, focusDwellMs: 1000, activityMs: 30_000 };

const msg = (n: number, fields: Partial<WireMessage> = {}): WireMessage => ({
  conversation: ALICE,
  direction: 'in',
  from: `${ALICE_JID}/phone`,
  sender: { jid: ALICE_JID },
  id: `m${n}`,
  stanzaId: `S${n}`,
  body: `m${n}`,
  timestamp: n,
  via: 'live',
  markable: true,
  ...fields,
});

let history: History;
let calls: DisplayedRequest[];
let errors: unknown[];
let tracker: ReadTracker;

beforeEach(async () => {
  // Only timers and the clock are fake: IndexedDB (fake-indexeddb) keeps its own scheduling.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  history = await openHistory({ account: 'me@example.org', name: 'tracker', indexedDB: new IDBFactory(), IDBKeyRange });
  calls = [];
  errors = [];
  tracker = new ReadTracker({
    timing: TIMING,
    now: () => Date.now(),
    markReadUpTo: (conversation, upTo) => history.markReadUpTo(conversation, upTo),
    markDisplayed: (request) => void calls.push(request),
    onError: (error) => void errors.push(error),
  });
});

afterEach(() => {
  tracker.dispose();
  history.close();
  vi.useRealTimers();
});

/** The rows as the list shows them, visible since now. */
async function visibleRows(filter: (m: StoredMessage) => boolean = () => true): Promise<VisibleMessage[]> {
  const rows = await history.latest(ALICE, 100);
  return rows.filter(filter).map((m) => ({ ...m, since: Date.now() }));
}

/** Lets time pass in small steps, letting the history writes that timers start finish as they would. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= Math.min(left, 10)) {
    await vi.advanceTimersByTimeAsync(Math.min(left, 10));
    await tracker.settled();
  }
  await vi.advanceTimersByTimeAsync(0);
}

async function readingAlice(): Promise<void> {
  tracker.setAttention(true, true);
  tracker.activity();
  tracker.setOpenConversation(ALICE);
  await advance(TIMING.focusDwellMs);
}

describe('ReadTracker', () => {
  it('a burst of 20 visible messages: one write, one markDisplayed, for the last', async () => {
    await readingAlice();
    await history.storeWireMessages(Array.from({ length: 20 }, (_, i) => msg(i + 1)));
    tracker.setVisible(ALICE, await visibleRows());
    await advance(TIMING.dwellMs - 1);
    expect((await history.conversations())[0]!.unread).toBe(20);
    await advance(1);
    expect((await history.conversations())[0]!.unread).toBe(0);
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm20', stanzaId: 'S20' }]);
  });

  it('a burst that arrives in pieces still sends one marker', async () => {
    await readingAlice();
    await history.storeWireMessages([1, 2, 3, 4, 5].map((n) => msg(n)));
    tracker.setVisible(ALICE, await visibleRows());
    await advance(100);
    await history.storeWireMessages([6, 7, 8].map((n) => msg(n, { markable: undefined })));
    tracker.setVisible(ALICE, await visibleRows((m) => !m.read || m.order > 5));
    await advance(TIMING.dwellMs);
    // m6..m8 did not ask for a marker: the marker goes for m5, the MDS stanza-id is m8's
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm5', stanzaId: 'S8' }]);
    expect((await history.conversations())[0]!.unread).toBe(0);
  });

  it('only moves forward: rows at or behind the read point send nothing', async () => {
    await readingAlice();
    await history.storeWireMessages([msg(1), msg(2)]);
    const stale = await visibleRows();
    tracker.setVisible(ALICE, stale);
    await advance(TIMING.dwellMs);
    expect(calls).toHaveLength(1);
    // the list has not refreshed yet and shows them unread again: no second write or marker
    tracker.setVisible(
      ALICE,
      stale.map((m) => ({ ...m, since: Date.now() })),
    );
    await advance(TIMING.dwellMs);
    expect(calls).toHaveLength(1);
  });

  it('nothing while the window has no focus; after focus, the 1 s focus dwell', async () => {
    tracker.activity();
    tracker.setOpenConversation(ALICE);
    await history.storeWireMessages([msg(1)]);
    tracker.setVisible(ALICE, await visibleRows());
    await advance(3_000);
    expect((await history.conversations())[0]!.unread).toBe(1);
    tracker.setAttention(true, true);
    tracker.activity();
    await advance(TIMING.focusDwellMs - 1);
    expect((await history.conversations())[0]!.unread).toBe(1);
    await advance(1);
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm1', stanzaId: 'S1' }]);
  });

  it('nothing while idle, until the person moves', async () => {
    await readingAlice();
    await advance(TIMING.activityMs + 1);
    await history.storeWireMessages([msg(1)]);
    tracker.setVisible(ALICE, await visibleRows());
    await advance(5_000);
    expect(calls).toEqual([]);
    tracker.activity();
    await advance(TIMING.dwellMs);
    expect(calls).toHaveLength(1);
  });

  it('our own messages are never candidates', async () => {
    await readingAlice();
    await history.addOutgoing({ conversation: ALICE, from: 'me@example.org', id: 'o1', body: 'mine', timestamp: 5 });
    tracker.setVisible(
      ALICE,
      (await visibleRows()).map((m) => ({ ...m, read: false })),
    );
    await advance(5_000);
    expect(calls).toEqual([]);
  });

  it('a failed write is reported and tried again on the next decision', async () => {
    await readingAlice();
    await history.storeWireMessages([msg(1)]);
    const rows = await visibleRows();
    let fail = true;
    const flaky = new ReadTracker({
      timing: TIMING,
      now: () => Date.now(),
      markReadUpTo: (conversation, upTo) => (fail ? Promise.reject(new Error('disk full')) : history.markReadUpTo(conversation, upTo)),
      markDisplayed: (request) => void calls.push(request),
      onError: (error) => void errors.push(error),
    });
    flaky.setAttention(true, true);
    flaky.activity();
    flaky.setOpenConversation(ALICE);
    flaky.setVisible(ALICE, rows);
    await vi.advanceTimersByTimeAsync(TIMING.focusDwellMs);
    await flaky.settled();
    expect(errors).toHaveLength(1);
    fail = false;
    flaky.activity();
    await flaky.settled();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm1', stanzaId: 'S1' }]);
    flaky.dispose();
  });

  it('waits for newer messages on screen whose dwell is running, then sends one marker', async () => {
    await readingAlice();
    await history.storeWireMessages([msg(1)]);
    tracker.setVisible(ALICE, await visibleRows());
    await advance(200);
    await history.storeWireMessages([msg(2)]);
    const [first, second] = await visibleRows();
    tracker.setVisible(ALICE, [{ ...first!, since: Date.now() - 200 }, second!]);
    await advance(TIMING.dwellMs - 200);
    // m1 is read; m2 is on screen and about to be: one marker, for m2, once it is
    expect((await history.conversations())[0]!.unread).toBe(1);
    expect(calls).toEqual([]);
    await advance(200);
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm2', stanzaId: 'S2' }]);
  });

  it('a message read on its own gets its marker at once; a long burst still sends one every MARKER_MAX_DELAY_MS', async () => {
    await readingAlice();
    await history.storeWireMessages([msg(1)]);
    tracker.setVisible(ALICE, await visibleRows());
    await advance(TIMING.dwellMs);
    expect(calls).toEqual([{ conversation: ALICE, markerFor: 'm1', stanzaId: 'S1' }]);
    calls.length = 0;
    // a new message every 100 ms for 3 s, each on screen as it arrives
    const since = new Map<number, number>();
    for (let n = 2; n <= 31; n += 1) {
      await history.storeWireMessages([msg(n)]);
      since.set(n, Date.now());
      tracker.setVisible(
        ALICE,
        (await visibleRows((m) => !m.read)).map((m) => ({ ...m, since: since.get(m.timestamp) ?? Date.now() })),
      );
      await advance(100);
    }
    await advance(TIMING.dwellMs);
    expect(calls.length).toBeGreaterThanOrEqual(Math.floor(3_000 / MARKER_MAX_DELAY_MS));
    expect(calls.length).toBeLessThan(6);
    expect(calls.at(-1)).toEqual({ conversation: ALICE, markerFor: 'm31', stanzaId: 'S31' });
  });
});

describe('reportReading', () => {
  it('reports the conversation being read, and none when idle, unfocused or scrolled up', async () => {
    const reports: (ConversationRef | null)[] = [];
    const t = new ReadTracker({
      timing: TIMING,
      now: () => Date.now(),
      markReadUpTo: async () => undefined,
      markDisplayed: () => {},
      reportReading: (conversation) => void reports.push(conversation),
      onError: () => {},
    });
    t.setAttention(true, true);
    t.activity();
    t.setOpenConversation(ALICE);
    expect(reports).toEqual([]);
    t.setAtBottom(ALICE, true);
    expect(reports).toEqual([ALICE]);
    t.setAtBottom(ALICE, false);
    t.setAtBottom(ALICE, true);
    expect(reports).toEqual([ALICE, null, ALICE]);
    await vi.advanceTimersByTimeAsync(TIMING.activityMs + 1);
    expect(reports).toEqual([ALICE, null, ALICE, null]);
    t.activity();
    t.setAttention(false, true);
    expect(reports).toEqual([ALICE, null, ALICE, null, ALICE, null]);
    t.dispose();
  });
});

describe('mergeAdvance', () => {
  it('keeps the newest marker target and stanza-id', () => {
    const first = mergeAdvance(undefined, { conversation: ALICE, marked: 2, markerFor: 'a', stanzaId: 'SA' });
    expect(first).toEqual({ conversation: ALICE, markerFor: 'a', stanzaId: 'SA' });
    expect(mergeAdvance(first, { conversation: ALICE, marked: 1 })).toEqual({ conversation: ALICE, markerFor: 'a', stanzaId: 'SA' });
    expect(mergeAdvance(first, { conversation: ALICE, marked: 1, markerFor: 'b' })).toEqual({ conversation: ALICE, markerFor: 'b', stanzaId: 'SA' });
    expect(mergeAdvance(undefined, { conversation: ALICE, marked: 1 })).toEqual({ conversation: ALICE });
  });
});
