import { describe, expect, it, vi } from 'vitest';
import type { NumberedHistoryEvent, WireMessage } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { HistoryIngest, type IngestOptions, type IngestStore } from '../../src-renderer/app/ingest';

const BOB = chatWith('bob@example.org');

const wire = (n: number): WireMessage => ({
  conversation: BOB,
  direction: 'in',
  from: 'bob@example.org/phone',
  sender: { jid: 'bob@example.org' },
  body: `m${n}`,
  timestamp: 1000 + n,
  via: 'live',
});
const message = (seq: number): NumberedHistoryEvent => ({ seq, kind: 'message', message: wire(seq) });
const status = (seq: number, id: string): NumberedHistoryEvent => ({ seq, kind: 'status', status: { conversation: BOB, id, status: 'sent', at: seq } });
const readPoint = (seq: number, stanzaId: string): NumberedHistoryEvent => ({
  seq,
  kind: 'readPoint',
  readPoint: { conversation: BOB, stanzaId, source: 'mds' },
});
const messages = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

/** A store that records each write as a line: `messages m1,m2`, `statuses o1`, `readPoints S3`. */
function recordingStore(write: (line: string) => Promise<void> = async () => {}): { store: IngestStore; writes: string[] } {
  const writes: string[] = [];
  const record = (line: string) => {
    writes.push(line);
    return write(line);
  };
  return {
    writes,
    store: {
      storeWireMessages: (m, progress = []) =>
        record(
          `messages ${m.map((x) => x.body).join(',')}${progress.length ? ` progress ${progress.map((p) => p.slices.map((s) => s.after).join('+')).join(',')}` : ''}`,
        ),
      applyStatuses: (u) => record(`statuses ${u.map((x) => x.id).join(',')}`),
      applyReadPoints: (p) => record(`readPoints ${p.map((x) => x.stanzaId).join(',')}`),
      applyActions: (a) => record(`actions ${a.map((x) => x.kind).join(',')}`),
      applyRoomMarkers: (r) => record(`roomMarkers ${r.map((x) => x.stanzaId).join(',')}`),
    },
  };
}

/** An ingest whose core has answered `getSnapshot` (unless `begun` is false). */
function ingestWith(options: Partial<IngestOptions> = {}, begun = true) {
  const acks: number[] = [];
  const ingest = new HistoryIngest({ ack: async (through) => void acks.push(through), onError: vi.fn(), ...options });
  if (begun) ingest.begin();
  return { ingest, acks };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

const progress = (seq: number, after: string): NumberedHistoryEvent => ({
  seq,
  kind: 'archiveProgress',
  progress: { from: 'S0', slices: [{ after, end: 5000 }, { start: 5000 }] },
});

describe('HistoryIngest', () => {
  it("writes an archive catch-up's progress in the same write as the messages around it, after them", async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    ingest.setStore(store);
    ingest.push([message(1), message(2), progress(3, 'S2'), message(4), progress(5, 'S4'), status(6, 'o1')]);
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m2,m4 progress S2+,S4+', 'statuses o1']);
    expect(acks).toEqual([5, 6]);
  });

  it('acknowledges cumulatively, only after the write resolved', async () => {
    const write = deferred();
    const { store, writes } = recordingStore(() => write.promise);
    const { ingest, acks } = ingestWith();
    ingest.setStore(store);
    ingest.push(messages(1, 2));
    await Promise.resolve();
    expect(writes).toEqual(['messages m1,m2']);
    expect(acks).toEqual([]);
    write.resolve();
    await ingest.idle();
    expect(acks).toEqual([2]);
    expect(ingest.stored).toBe(2);
  });

  it('stores messages, statuses and read points in the order of their numbers, acknowledging after each write', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    // before history is open everything waits, in order; a status follows its message in the same batch
    ingest.push([message(1), message(2), status(3, 'o1'), message(4)]);
    ingest.push([readPoint(5, 'S4')]);
    ingest.push([]);
    expect(ingest.backlog).toBe(5);
    ingest.setStore(store);
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m2', 'statuses o1', 'messages m4', 'readPoints S4']);
    expect(acks).toEqual([2, 3, 4, 5]);
    expect(ingest.backlog).toBe(0);
  });

  it('writes a room’s participants’ markers with the messages around them: the messages first, one acknowledgment', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    const marker = (seq: number, stanzaId: string): NumberedHistoryEvent => ({
      seq,
      kind: 'roomMarker',
      roomMarker: { conversation: { kind: 'room', jid: 'team@rooms.example.org' }, stanzaId, reader: 'occupant:c', name: 'carol', at: seq },
    });
    ingest.setStore(store);
    ingest.push([message(1), marker(2, 'S1'), message(3), marker(4, 'S3'), status(5, 'o1')]);
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m3', 'roomMarkers S1,S3', 'statuses o1']);
    expect(acks).toEqual([4, 5]);
  });

  it('stores corrections, retractions and reactions together, in their place in the order', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    const base = {
      conversation: BOB,
      target: 'm1',
      direction: 'in' as const,
      sender: { jid: 'bob@example.org' },
      from: 'bob@example.org/phone',
      timestamp: 5,
      via: 'live' as const,
    };
    ingest.setStore(store);
    ingest.push([
      message(1),
      { seq: 2, kind: 'correction', correction: { ...base, body: 'fixed' } },
      { seq: 3, kind: 'reaction', reaction: { ...base, emojis: ['👍'] } },
      { seq: 4, kind: 'retraction', retraction: base },
      message(5),
    ]);
    await ingest.idle();
    expect(writes).toEqual(['messages m1', 'actions correction,reaction,retraction', 'messages m5']);
    expect(acks.at(-1)).toBe(5);
  });

  it('writes a big batch in chunks, acknowledging each', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith({ chunkSize: 2 });
    ingest.setStore(store);
    ingest.push(messages(1, 5));
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m2', 'messages m3,m4', 'messages m5']);
    expect(acks).toEqual([2, 4, 5]);
  });

  it('skips what it already stored: a replay after a reload of the page, the same batch twice', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    ingest.setStore(store);
    ingest.push(messages(1, 3));
    ingest.push(messages(1, 3));
    await ingest.idle();
    ingest.push(messages(1, 4));
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m2,m3', 'messages m4']);
    expect(acks).toEqual([3, 4]);
  });

  it('starts mid-run at the oldest event the core still holds, whatever its number', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith();
    // a live event came before the replay of what an earlier page left unacknowledged
    ingest.push([message(44)]);
    ingest.push(messages(41, 44));
    ingest.setStore(store);
    await ingest.idle();
    expect(writes).toEqual(['messages m41,m42,m43,m44']);
    expect(acks).toEqual([44]);
    // what an earlier page stored is in history
    await expect(ingest.storedThrough(12)).resolves.toBe(true);
  });

  it('acknowledges nothing before the core answered getSnapshot, so a live event cannot cover the replay', async () => {
    const { store, writes } = recordingStore();
    const { ingest, acks } = ingestWith({}, false);
    ingest.setStore(store);
    ingest.push([message(44)]);
    await ingest.idle();
    expect(writes).toEqual(['messages m44']);
    expect(acks).toEqual([]);
    ingest.begin();
    ingest.push(messages(41, 44));
    await ingest.idle();
    expect(writes).toEqual(['messages m44', 'messages m41,m42,m43']);
    expect(acks).toEqual([44]);
  });

  it('stores a replay from below that arrives while a later event is being written', async () => {
    const write = deferred();
    const { store, writes } = recordingStore(() => write.promise);
    const { ingest, acks } = ingestWith();
    ingest.setStore(store);
    ingest.push([message(44)]);
    await Promise.resolve();
    ingest.push(messages(41, 45));
    write.resolve();
    await ingest.idle();
    expect(writes).toEqual(['messages m44', 'messages m41,m42,m43,m45']);
    expect(acks).toEqual([44, 45]);
  });

  it('stores past a gap but never acknowledges past it, until a replay fills it', async () => {
    const { store, writes } = recordingStore();
    const onGap = vi.fn();
    const { ingest, acks } = ingestWith({ onGap });
    ingest.setStore(store);
    ingest.push(messages(1, 2));
    await ingest.idle();
    ingest.push(messages(5, 6));
    await ingest.idle();
    expect(writes).toEqual(['messages m1,m2', 'messages m5,m6']);
    expect(acks).toEqual([2]);
    expect(onGap).toHaveBeenCalledWith(3);
    await expect(ingest.storedThrough(6)).resolves.toBe(false);
    await expect(ingest.storedThrough(2)).resolves.toBe(true);
    // a replay from the oldest unacknowledged event: only the missing ones are written
    ingest.push(messages(3, 7));
    await ingest.idle();
    expect(writes.slice(2)).toEqual(['messages m3,m4,m7']);
    expect(acks).toEqual([2, 7]);
    await expect(ingest.storedThrough(7)).resolves.toBe(true);
  });

  it('says when everything through a number is stored, and not before', async () => {
    const write = deferred();
    const { store } = recordingStore(() => write.promise);
    const { ingest } = ingestWith();
    const through3 = vi.fn();
    void ingest.storedThrough(3).then(through3);
    await expect(ingest.storedThrough(0)).resolves.toBe(true);
    ingest.push(messages(1, 2));
    ingest.setStore(store);
    write.resolve();
    await ingest.idle();
    expect(through3).not.toHaveBeenCalled();
    ingest.push([status(3, 'o1')]);
    await ingest.idle();
    expect(through3).toHaveBeenCalledWith(true);
  });

  it('does not acknowledge a failed write, reports it and retries', async () => {
    vi.useFakeTimers();
    try {
      let fail = true;
      const { store } = recordingStore(async () => {
        if (fail) throw new Error('QuotaExceededError');
      });
      const onError = vi.fn();
      const onRecovered = vi.fn();
      const { ingest, acks } = ingestWith({ onError, onRecovered, retryDelay: 100 });
      ingest.setStore(store);
      ingest.push([message(7)]);
      await vi.advanceTimersByTimeAsync(0);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(acks).toEqual([]);
      expect(ingest.backlog).toBe(1);
      fail = false;
      await vi.advanceTimersByTimeAsync(100);
      expect(acks).toEqual([7]);
      expect(onRecovered).toHaveBeenCalledTimes(1);
      expect(ingest.backlog).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers every waiter when it ends', async () => {
    const { ingest } = ingestWith();
    const waiting = ingest.storedThrough(4);
    ingest.dispose();
    await expect(waiting).resolves.toBe(false);
  });
});
