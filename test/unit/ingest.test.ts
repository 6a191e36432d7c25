import { describe, expect, it, vi } from 'vitest';
import type { WireMessage } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { MessageIngest, type MessageStore } from '../../src-renderer/app/ingest';

const wire = (seq: number): WireMessage => ({
  seq,
  conversation: chatWith('bob@example.org'),
  direction: 'in',
  from: 'bob@example.org/phone',
  sender: { jid: 'bob@example.org' },
  body: `m${seq}`,
  timestamp: 1000 + seq,
  via: 'live',
});

/** A store that only stores messages (statuses and read points are accepted and dropped). */
function messagesOnly(storeWireMessages: MessageStore['storeWireMessages']): MessageStore {
  return { storeWireMessages, applyStatuses: async () => {}, applyReadPoints: async () => {} };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('MessageIngest', () => {
  it('acknowledges only after the write resolved', async () => {
    const write = deferred();
    const store = messagesOnly(vi.fn(() => write.promise));
    const ack = vi.fn(async () => {});
    const ingest = new MessageIngest({ ack, onError: vi.fn() });
    ingest.setStore(store);
    ingest.push([wire(1), wire(2)]);
    await Promise.resolve();
    expect(store.storeWireMessages).toHaveBeenCalledWith([wire(1), wire(2)]);
    expect(ack).not.toHaveBeenCalled();
    write.resolve();
    await ingest.idle();
    expect(ack).toHaveBeenCalledWith([1, 2]);
  });

  it('keeps messages that arrive before history is open', async () => {
    const ack = vi.fn(async () => {});
    const ingest = new MessageIngest({ ack, onError: vi.fn() });
    ingest.push([wire(1)]);
    ingest.push([wire(2)]);
    await ingest.idle();
    expect(ack).not.toHaveBeenCalled();
    expect(ingest.backlog).toBe(2);
    const stored: WireMessage[][] = [];
    ingest.setStore(messagesOnly(async (m) => void stored.push(m)));
    await ingest.idle();
    expect(stored).toEqual([[wire(1), wire(2)]]);
    expect(ack).toHaveBeenCalledWith([1, 2]);
  });

  it('writes one batch at a time, in order', async () => {
    const first = deferred();
    const calls: number[][] = [];
    const store = messagesOnly((m) => {
      calls.push(m.map((x) => x.seq));
      return calls.length === 1 ? first.promise : Promise.resolve();
    });
    const ack = vi.fn(async () => {});
    const ingest = new MessageIngest({ ack, onError: vi.fn() });
    ingest.setStore(store);
    ingest.push([wire(1)]);
    ingest.push([wire(2)]);
    ingest.push([wire(3)]);
    await Promise.resolve();
    expect(calls).toEqual([[1]]);
    first.resolve();
    await ingest.idle();
    expect(calls).toEqual([[1], [2, 3]]);
    expect(ack.mock.calls).toEqual([[[1]], [[2, 3]]]);
  });

  it('does not acknowledge a failed write, reports it and retries', async () => {
    vi.useFakeTimers();
    try {
      let fail = true;
      const store = messagesOnly(
        vi.fn(async () => {
          if (fail) throw new Error('QuotaExceededError');
        }),
      );
      const ack = vi.fn(async () => {});
      const onError = vi.fn();
      const onRecovered = vi.fn();
      const ingest = new MessageIngest({ ack, onError, onRecovered, retryDelay: 100 });
      ingest.setStore(store);
      ingest.push([wire(7)]);
      await vi.advanceTimersByTimeAsync(0);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(ack).not.toHaveBeenCalled();
      expect(ingest.backlog).toBe(1);
      fail = false;
      await vi.advanceTimersByTimeAsync(100);
      expect(ack).toHaveBeenCalledWith([7]);
      expect(onRecovered).toHaveBeenCalledTimes(1);
      expect(ingest.backlog).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes messages, statuses and read points in arrival order, acknowledging only messages', async () => {
    const log: string[] = [];
    const store: MessageStore = {
      storeWireMessages: async (m) => void log.push(`messages ${m.map((x) => x.seq).join(',')}`),
      applyStatuses: async (u) => void log.push(`statuses ${u.map((x) => x.id).join(',')}`),
      applyReadPoints: async (p) => void log.push(`readPoints ${p.map((x) => x.stanzaId).join(',')}`),
    };
    const ack = vi.fn(async () => {});
    const ingest = new MessageIngest({ ack, onError: vi.fn() });
    // before history is open everything waits, in order
    ingest.push([wire(1), wire(2)]);
    ingest.pushStatuses([{ conversation: chatWith('bob@example.org'), id: 'o1', status: 'sent', at: 1 }]);
    ingest.push([wire(3)]);
    ingest.pushReadPoints([{ conversation: chatWith('bob@example.org'), stanzaId: 'S3', source: 'mds' }]);
    ingest.pushStatuses([]);
    expect(ingest.backlog).toBe(5);
    ingest.setStore(store);
    await ingest.idle();
    expect(log).toEqual(['messages 1,2', 'statuses o1', 'messages 3', 'readPoints S3']);
    expect(ack.mock.calls).toEqual([[[1, 2]], [[3]]]);
    expect(ingest.backlog).toBe(0);
  });
});
