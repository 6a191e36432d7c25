import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandName, NumberedHistoryEvent, Result, SyncError } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { HistoryWork, type HistoryBridge } from '../../src-renderer/app/history-work';
import { openHistory, type History } from '../../src-renderer/history';

const ME = 'me@example.org';
const ALICE = 'alice@example.org';

const incoming = (seq: number, via: 'live' | 'archive' = 'archive'): NumberedHistoryEvent => ({
  seq,
  kind: 'message',
  message: {
    conversation: chatWith(ALICE),
    direction: 'in',
    from: `${ALICE}/phone`,
    sender: { jid: ALICE },
    stanzaId: `S${seq}`,
    stanzaIdBy: ME,
    body: `m${seq}`,
    timestamp: 1000 + seq,
    via,
  },
});

/** A core behind a bridge: it records the commands, answers syncArchive when told, and emits history events. */
function fakeCore() {
  const calls: string[] = [];
  const listeners = new Set<(events: NumberedHistoryEvent[]) => void>();
  let answerSync: (result: Result<{ count: number; through: number }, SyncError>) => void = () => {};
  let syncAsked: () => void = () => {};
  const asked = new Promise<void>((resolve) => (syncAsked = resolve));
  const ackWaiters = new Map<number, () => void>();
  const answer = (name: CommandName, request: unknown): Promise<unknown> => {
    calls.push(`${name} ${JSON.stringify(request)}`);
    if (name === 'syncArchive') {
      syncAsked();
      return new Promise((resolve) => (answerSync = resolve));
    }
    if (name === 'ackHistory') ackWaiters.get((request as { through: number }).through)?.();
    return Promise.resolve({ ok: true, value: undefined });
  };
  const bridge: HistoryBridge = {
    // A fake transport, untyped on the way like the real ones.
    invoke: (name, request) => answer(name, request) as never,
    on: (_name, listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    syncAsked: asked,
    acked: (through: number) => new Promise<void>((resolve) => ackWaiters.set(through, resolve)),
    answerSync: (result: Result<{ count: number; through: number }, SyncError>) => answerSync(result),
    emit: (events: NumberedHistoryEvent[]) => {
      for (const listener of listeners) listener(events);
    },
  };
}

const opened: History[] = [];
afterEach(() => {
  for (const history of opened.splice(0)) history.close();
});

describe('HistoryWork (the app’s wiring of ingest, session work and outbox)', () => {
  it('stores the walk’s events, acknowledges them by number, and completes the sync only once they are stored', async () => {
    const core = fakeCore();
    const history = await openHistory({ account: ME, name: 'glance-work', indexedDB: new IDBFactory(), IDBKeyRange });
    opened.push(history);
    const work = new HistoryWork(core.bridge, { report: (key, error) => core.calls.push(`alert ${key} ${String(error)}`), clear: () => undefined });
    const stop = work.start();
    work.begin();
    work.useHistory(history);
    work.setConnection({ status: 'online', jid: ME, session: 1 });
    await core.syncAsked;
    // the walk answered before its last page reached the page: not complete yet
    core.answerSync({ ok: true, value: { count: 2, through: 3 } });
    const acked = core.acked(1);
    core.emit([incoming(1, 'live')]);
    await acked;
    expect(await history.syncGap()).toEqual({});
    core.emit([incoming(2), incoming(3)]);
    await work.idle();
    expect(await history.syncGap()).toBeUndefined();
    expect((await history.latest(chatWith(ALICE), 10)).map((m) => m.body)).toEqual(['m1', 'm2', 'm3']);
    expect(core.calls.filter((c) => c.startsWith('ackHistory')).at(-1)).toBe('ackHistory {"through":3}');
    expect(core.calls.filter((c) => c.startsWith('alert'))).toEqual([]);
    stop();
  });

  it('catches a room up from its own archive after each join, also one joined before history opened', async () => {
    const core = fakeCore();
    const history = await openHistory({ account: ME, name: 'glance-work-rooms', indexedDB: new IDBFactory(), IDBKeyRange });
    opened.push(history);
    const work = new HistoryWork(core.bridge, { report: () => undefined, clear: () => undefined });
    const stop = work.start();
    work.begin();
    const room = (joins: number) => ({
      jid: 'hall@rooms.example.org',
      nick: 'me',
      state: 'joined' as const,
      participants: 2,
      private: true,
      archived: true,
      joins,
    });
    work.setRooms([room(1)]);
    expect(core.calls.filter((c) => c.startsWith('syncArchive'))).toEqual([]);
    work.useHistory(history);
    await core.syncAsked;
    expect(core.calls.filter((c) => c.startsWith('syncArchive'))).toEqual(['syncArchive {"archive":"hall@rooms.example.org"}']);
    core.answerSync({ ok: true, value: { count: 0, through: 0 } });
    work.setRooms([room(1)]);
    expect(core.calls.filter((c) => c.startsWith('syncArchive'))).toHaveLength(1);
    stop();
  });
});
