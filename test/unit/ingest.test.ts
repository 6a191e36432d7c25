import { describe, expect, it, vi } from 'vitest';
import type { WireMessage } from '../../src-shared/contract';
import { MessageIngest, type MessageStore } from '../../src-renderer/app/ingest';

const wire = (seq: number): WireMessage => ({
  seq,
  peer: 'bob@example.org',
  direction: 'in',
  from: 'bob@example.org/phone',
  body: `m${seq}`,
  timestamp: 1000 + seq,
  via: 'live',
});

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('MessageIngest', () => {
  it('acknowledges only after the write resolved', async () => {
    const write = deferred();
    const store: MessageStore = { storeWireMessages: vi.fn(() => write.promise) };
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
    ingest.setStore({ storeWireMessages: async (m) => void stored.push(m) });
    await ingest.idle();
    expect(stored).toEqual([[wire(1), wire(2)]]);
    expect(ack).toHaveBeenCalledWith([1, 2]);
  });

  it('writes one batch at a time, in order', async () => {
    const first = deferred();
    const calls: number[][] = [];
    const store: MessageStore = {
      storeWireMessages: (m) => {
        calls.push(m.map((x) => x.seq));
        return calls.length === 1 ? first.promise : Promise.resolve();
      },
    };
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
      const store: MessageStore = {
        storeWireMessages: vi.fn(async () => {
          if (fail) throw new Error('QuotaExceededError');
        }),
      };
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
});
