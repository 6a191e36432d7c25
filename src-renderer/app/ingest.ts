import type { ReadPoint, StatusUpdate, WireMessage } from '../../src-shared/contract';

/** The part of History that ingesting needs (keeps this testable with a fake). */
export interface MessageStore {
  storeWireMessages(messages: WireMessage[]): Promise<unknown>;
  applyStatuses(updates: StatusUpdate[]): Promise<unknown>;
  applyReadPoints(points: ReadPoint[]): Promise<unknown>;
}

/** One thing from the core to write: a message, or a batch of statuses or read points. */
type Item =
  | { kind: 'message'; message: WireMessage }
  | { kind: 'statuses'; updates: StatusUpdate[] }
  | { kind: 'readPoints'; points: ReadPoint[] };

export interface IngestOptions {
  /** Tells the core these messages are stored. Called only after the write has committed. */
  ack(seqs: number[]): Promise<unknown>;
  /** A write failed: the messages stay queued (and unacknowledged) and are retried later. */
  onError(error: unknown): void;
  /** A write succeeded after earlier failures. */
  onRecovered?(): void;
  /** First retry delay in ms; doubles per failure up to 30 s. */
  retryDelay?: number;
}

/**
 * Moves messages, statuses and read points from the core into history, in arrival order, one
 * write at a time (a status or read point may name a message that arrived just before it). A
 * message is acknowledged only after the write that holds it resolved, so if the page dies
 * mid-write the core still has it and delivers it again. What arrives before history is open
 * waits here.
 */
export class MessageIngest {
  private waiting: Item[] = [];
  private store: MessageStore | undefined;
  private running = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: IngestOptions) {}

  /** Where to write from now on (undefined while no history is open). */
  setStore(store: MessageStore | undefined): void {
    this.store = store;
    void this.pump();
  }

  push(messages: readonly WireMessage[]): void {
    if (messages.length === 0) return;
    this.waiting.push(...messages.map((message) => ({ kind: 'message' as const, message })));
    void this.pump();
  }

  pushStatuses(updates: readonly StatusUpdate[]): void {
    if (updates.length === 0) return;
    this.waiting.push({ kind: 'statuses', updates: [...updates] });
    void this.pump();
  }

  pushReadPoints(points: readonly ReadPoint[]): void {
    if (points.length === 0) return;
    this.waiting.push({ kind: 'readPoints', points: [...points] });
    void this.pump();
  }

  /** Items (messages, status batches, read point batches) not yet written. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Resolves when nothing is waiting or being written (or a write failed and awaits retry). */
  async idle(): Promise<void> {
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  dispose(): void {
    clearTimeout(this.retryTimer);
    this.store = undefined;
  }

  private async pump(): Promise<void> {
    if (this.running || this.retryTimer !== undefined) return;
    this.running = true;
    try {
      while (this.store && this.waiting.length > 0) {
        const store = this.store;
        const first = this.waiting[0]!;
        // Consecutive messages go in one write; statuses and read points in their own.
        const run = first.kind === 'message' ? this.leadingMessages() : [];
        try {
          if (first.kind === 'message') await store.storeWireMessages(run);
          else if (first.kind === 'statuses') await store.applyStatuses(first.updates);
          else await store.applyReadPoints(first.points);
        } catch (error) {
          this.scheduleRetry();
          this.options.onError(error);
          return;
        }
        this.waiting.splice(0, first.kind === 'message' ? run.length : 1);
        if (this.failures > 0) {
          this.failures = 0;
          this.options.onRecovered?.();
        }
        if (run.length === 0) continue;
        const seqs = run.map((m) => m.seq);
        // A lost ack only means the core delivers again; history stores each message once.
        this.options.ack(seqs).catch((error: unknown) => console.warn('glance: ackMessages failed', error));
      }
    } finally {
      this.running = false;
    }
  }

  private leadingMessages(): WireMessage[] {
    const messages: WireMessage[] = [];
    for (const item of this.waiting) {
      if (item.kind !== 'message') break;
      messages.push(item.message);
    }
    return messages;
  }

  private scheduleRetry(): void {
    const delay = Math.min((this.options.retryDelay ?? 1000) * 2 ** this.failures, 30_000);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.pump();
    }, delay);
  }
}
