import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState, Result, SyncError } from '../../src-shared/contract';
import { SessionWork, SYNC_WAIT_MS, type SessionWorkDeps } from '../../src-renderer/app/session';

const online = (session: number, jid = 'me@x.org'): ConnectionState => ({ status: 'online', jid, session });

function setup(options: { last?: string; answers?: Result<{ count: number; through: number }, SyncError>[] } = {}) {
  const log: string[] = [];
  const answers = [...(options.answers ?? [])];
  const deps: SessionWorkDeps = {
    resumeStanzaId: vi.fn(async () => options.last),
    syncArchive: vi.fn(async ({ archive, after }: { archive?: string; after?: string }): Promise<Result<{ count: number; through: number }, SyncError>> => {
      log.push(`sync ${archive ? `${archive} ` : ''}${after ?? '-'}`);
      return answers.shift() ?? { ok: true, value: { count: 0, through: 0 } };
    }),
    resend: vi.fn(async (session: number, ready?: Promise<void>) => {
      await ready;
      log.push(`resend ${session}`);
    }),
    onSyncFailed: vi.fn((error, code) => void log.push(`failed ${code ?? (error as Error).message}`)),
    onSynced: vi.fn((count) => void log.push(`synced ${count}`)),
    onResendFailed: vi.fn(),
  };
  return { log, deps, work: new SessionWork(deps) };
}

describe('SessionWork', () => {
  it('syncs from the newest stanza-id, then resends the outbox, once per new session', async () => {
    const { log, work } = setup({ last: 'S7' });
    await work.update(online(1), true);
    expect(log).toEqual(['sync S7', 'synced 0', 'resend 1']);
    // the same session again (a snapshot for something else): nothing
    expect(work.update(online(1), true)).toBeUndefined();
    // back online by resuming it: no sync, but what was written offline goes out
    expect(work.update({ status: 'connecting', attempt: 1 }, true)).toBeUndefined();
    await work.update(online(1), true);
    expect(log.slice(3)).toEqual(['resend 1']);
    // a new session (a failed resume): sync and outbox again
    await work.update(online(2), true);
    expect(log.slice(4)).toEqual(['sync S7', 'synced 0', 'resend 2']);
  });

  it('sends no `after` on a first sign-in on this device', async () => {
    const { log, work } = setup();
    await work.update(online(1), true);
    expect(log[0]).toBe('sync -');
  });

  it('waits for history, and starts over after a sign-out or with another history', async () => {
    const { log, work } = setup();
    expect(work.update(online(1), false)).toBeUndefined();
    await work.update(online(1), true);
    work.update({ status: 'signed-out' }, true);
    await work.update(online(1), true);
    work.reset();
    await work.update(online(1), true);
    expect(log.filter((l) => l.startsWith('sync '))).toHaveLength(3);
  });

  it('reports a failed sync (not an offline one) and falls back to recent history when the archive lost our stanza-id', async () => {
    const failed = setup({ last: 'S1', answers: [{ ok: false, error: 'service-unavailable' }] });
    await failed.work.update(online(1), true);
    expect(failed.log).toContain('failed service-unavailable');
    const offline = setup({ last: 'S1', answers: [{ ok: false, error: 'offline' }] });
    await offline.work.update(online(1), true);
    expect(offline.deps.onSyncFailed).not.toHaveBeenCalled();
    const gone = setup({
      last: 'S1',
      answers: [
        { ok: false, error: 'item-not-found' },
        { ok: true, value: { count: 5, through: 9 } },
      ],
    });
    await gone.work.update(online(1), true);
    expect(gone.log.filter((l) => !l.startsWith('resend'))).toEqual(['sync S1', 'sync -', 'synced 5']);
  });

  it('registers the outbox resend at once, and holds it until the sync was asked and answered (or too slow)', async () => {
    vi.useFakeTimers();
    try {
      let answer: (r: Result<{ count: number; through: number }, SyncError>) => void = () => {};
      const { log, deps, work } = setup();
      deps.syncArchive = vi.fn(() => {
        log.push('sync asked');
        return new Promise<Result<{ count: number; through: number }, SyncError>>((resolve) => (answer = resolve));
      });
      deps.resend = vi.fn(async (session: number, ready?: Promise<void>) => {
        log.push(`resend ${session} called`);
        await ready;
        log.push(`resend ${session} sends`);
      });
      const run = work.update(online(3), true);
      await vi.advanceTimersByTimeAsync(0);
      expect(log).toEqual(['resend 3 called', 'sync asked']);
      answer({ ok: true, value: { count: 1, through: 4 } });
      await run;
      expect(log).toEqual(['resend 3 called', 'sync asked', 'synced 1', 'resend 3 sends']);
      // a sync that hangs holds the outbox no longer than SYNC_WAIT_MS
      const slow = work.update(online(4), true);
      await vi.advanceTimersByTimeAsync(SYNC_WAIT_MS);
      expect(log.slice(-1)).toEqual(['resend 4 sends']);
      answer({ ok: true, value: { count: 0, through: 0 } });
      await slow;
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a thrown sync', async () => {
    const { deps, work } = setup();
    deps.syncArchive = vi.fn(async () => Promise.reject(new Error('lost')));
    await work.update(online(1), true);
    expect(deps.onSyncFailed).toHaveBeenCalledWith(expect.any(Error));
  });

  it('resumes an incomplete walk where it began, not past it at a newer live message', async () => {
    let last: string | undefined = 'S1';
    let gap: { after?: string } | undefined;
    let complete = true;
    const { log, deps, work } = setup({
      answers: [
        { ok: false, error: 'offline' },
        { ok: true, value: { count: 3, through: 7 } },
      ],
    });
    deps.resumeStanzaId = async () => last;
    deps.syncGap = async () => gap;
    deps.setSyncGap = async (g) => void (gap = g);
    deps.storedThrough = async () => complete;
    await work.update(online(1), true);
    expect(gap).toEqual({ after: 'S1' });
    // live messages of the next session are stored before its walk reaches the gap
    last = 'S9';
    await work.update(online(2), true);
    expect(log.filter((l) => l.startsWith('sync '))).toEqual(['sync S1', 'sync S1']);
    expect(gap).toBeUndefined();
    // complete: the next session starts at the newest stanza-id; unstored messages keep the gap
    complete = false;
    await work.update(online(3), true);
    expect(log.filter((l) => l.startsWith('sync ')).at(-1)).toBe('sync S9');
    expect(gap).toEqual({ after: 'S9' });
  });

  it('resumes an interrupted catch-up with the progress of its slices, and never sends slices without `after`', async () => {
    const { deps, work } = setup();
    const slices = [
      { after: 'S60', end: 5000, done: true },
      { start: 5000, after: 'S90' },
    ];
    deps.syncGap = async () => ({ after: 'S4', slices });
    deps.setSyncGap = async () => {};
    await work.update(online(1), true);
    expect(deps.syncArchive).toHaveBeenNthCalledWith(1, { after: 'S4', slices });
    deps.syncGap = async () => ({ slices });
    await work.update(online(2), true);
    expect(deps.syncArchive).toHaveBeenNthCalledWith(2, {});
  });

  it('starts a catch-up again from where it began when the archive refuses its stored slices', async () => {
    const { deps, work } = setup({ answers: [{ ok: false, error: 'bad-request' }] });
    const slices = [{ after: 'S60', before: 'S70' }, { after: 'S90' }];
    deps.syncGap = async () => ({ after: 'S4', slices });
    deps.setSyncGap = async () => {};
    await work.update(online(1), true);
    expect(vi.mocked(deps.syncArchive).mock.calls).toEqual([[{ after: 'S4', slices }], [{ after: 'S4' }]]);
  });

  it('keeps a first sign-in’s walk as recent history until one completes', async () => {
    let gap: { after?: string } | undefined;
    const { log, deps, work } = setup({ answers: [{ ok: false, error: 'remote-server-timeout' }] });
    deps.resumeStanzaId = async () => 'LIVE';
    deps.syncGap = async () => gap;
    deps.setSyncGap = async (g) => void (gap = g);
    gap = {};
    await work.update(online(1), true);
    await work.update(online(2), true);
    expect(log.filter((l) => l.startsWith('sync '))).toEqual(['sync -', 'sync -']);
    expect(gap).toBeUndefined();
  });

  it('asks our own account’s archive without naming it, then each other archive from its own cursor', async () => {
    const ROOM = 'team@rooms.example.org';
    const { log, deps, work } = setup();
    const gaps = new Map<string | undefined, { after?: string } | undefined>([[ROOM, { after: 'R1' }]]);
    deps.resumeStanzaId = async (archive) => (archive === ROOM ? 'R5' : 'S7');
    deps.syncGap = async (archive) => gaps.get(archive);
    deps.setSyncGap = async (gap, archive) => void gaps.set(archive, gap);
    deps.otherArchives = () => [ROOM];
    await work.update(online(1), true);
    expect(log).toEqual(['sync S7', 'synced 0', `sync ${ROOM} R1`, 'synced 0', 'resend 1']);
    expect(deps.syncArchive).toHaveBeenNthCalledWith(1, { after: 'S7' });
    expect(deps.syncArchive).toHaveBeenNthCalledWith(2, { archive: ROOM, after: 'R1' });
    expect([...gaps.values()]).toEqual([undefined, undefined]);
  });

  it('marks the sync complete only once the ingest stored through the walk’s last event', async () => {
    let gap: { after?: string } | undefined;
    const { log, deps, work } = setup({ last: 'S1', answers: [{ ok: true, value: { count: 2, through: 12 } }] });
    deps.syncGap = async () => gap;
    deps.setSyncGap = async (g) => void (gap = g);
    let asked!: (seq: number) => void;
    const askedFor = new Promise<number>((resolve) => (asked = resolve));
    let stored!: (complete: boolean) => void;
    deps.storedThrough = (seq) => {
      asked(seq);
      return new Promise<boolean>((resolve) => (stored = resolve));
    };
    const run = work.update(online(1), true);
    expect(await askedFor).toBe(12);
    // answered, but its last event is not in history yet: the gap stands, the outbox waits
    expect(gap).toEqual({ after: 'S1' });
    expect(log).toEqual(['sync S1']);
    stored(true);
    await run;
    expect(gap).toBeUndefined();
    expect(log).toEqual(['sync S1', 'synced 2', 'resend 1']);
  });

  it('sends what waits in the outbox on the next online snapshot even when no offline one was seen', async () => {
    let waiting = false;
    const { log, deps, work } = setup();
    deps.outboxWaiting = () => waiting;
    await work.update(online(1), true);
    expect(work.update(online(1), true)).toBeUndefined();
    waiting = true;
    await work.update(online(1), true);
    expect(log.filter((l) => l.startsWith('resend'))).toEqual(['resend 1', 'resend 1']);
  });
});
