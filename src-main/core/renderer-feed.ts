import { conversationKey } from '../../src-shared/conversation';
import { silentLogger, type Logger } from './log';
import type { EphemeralEvent, Events, HistoryEvent, NumberedHistoryEvent, ReadPoint, Snapshot, StatusUpdate, WireMessage } from '../../src-shared/contract';

/** Where the feed's batches go: the renderer (every transport listens to the core's events). */
export type FeedEmit = <K extends 'snapshot' | 'history' | 'ephemeral'>(name: K, payload: Events[K]) => void;

/** Told synchronously, once, of each fresh history batch as it goes out (never of a replay). */
export type HistoryObserver = (batch: readonly NumberedHistoryEvent[]) => void;

/**
 * Everything the core tells the renderer, batched per turn of the event loop (a burst of stanzas
 * is one IPC message and one write there): the snapshot when something in it changed, the history
 * events in arrival order (a status after the message it refers to), and ephemeral events.
 *
 * Every history event gets the next number and is kept until the renderer acknowledges storing
 * it (`acknowledge(through)`, cumulative: the renderer stores in order); a renderer that (re)starts
 * gets all of them again (`replay`). However many there are: nothing is forgotten unstored
 * (test/unit/renderer-feed.test.ts). Ephemeral events are never kept.
 */
export class RendererFeed {
  private nextSeq = 1;
  /** Unacknowledged events, oldest first, from index `head` on (consecutive numbers). */
  private kept: NumberedHistoryEvent[] = [];
  private head = 0;
  private keptMessages = 0;
  /** Index in `kept` of the first event not emitted yet. */
  private unsent = 0;
  private ephemeralPending = new Map<string, EphemeralEvent>();
  private snapshotDue = false;
  private replayDue = false;
  private flushScheduled = false;
  private flushWaiters: (() => void)[] = [];
  private readonly observers: HistoryObserver[] = [];

  constructor(
    private readonly emit: FeedEmit,
    private readonly snapshot: () => Snapshot,
    private readonly log: Logger = silentLogger,
  ) {}

  observe(observer: HistoryObserver): void {
    this.observers.push(observer);
  }

  /** Numbers and keeps one history event; returns its number. */
  push(event: HistoryEvent): number {
    return this.keep({ ...event, seq: this.nextSeq } as NumberedHistoryEvent);
  }

  // The kinds every chat message brings are numbered where they are made: a spread of events of
  // every kind at one place in the code is a slow, generic copy.
  message(message: WireMessage): void {
    this.keep({ kind: 'message', message, seq: this.nextSeq });
  }

  statuses(updates: readonly StatusUpdate[]): void {
    for (const status of updates) this.keep({ kind: 'status', status, seq: this.nextSeq });
  }

  readPoints(points: readonly ReadPoint[]): void {
    for (const readPoint of points) this.keep({ kind: 'readPoint', readPoint, seq: this.nextSeq });
  }

  /** Keeps an event numbered `nextSeq`; returns its number. */
  private keep(event: NumberedHistoryEvent): number {
    this.nextSeq += 1;
    this.kept.push(event);
    if (event.kind === 'message') this.keptMessages += 1;
    this.scheduleFlush();
    return event.seq;
  }

  /** The number of the newest history event so far (0 before the first). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Within one batch only the newest state of each thing counts (a presence flood is one event per contact). */
  ephemeral(event: EphemeralEvent): void {
    const key = ephemeralKey(event);
    this.ephemeralPending.delete(key);
    this.ephemeralPending.set(key, event);
    this.scheduleFlush();
  }

  snapshotChanged(): void {
    this.snapshotDue = true;
    this.scheduleFlush();
  }

  /** The renderer stored every event up to `through`: forget exactly those (never one it was not sent yet). */
  acknowledge(through: number): void {
    while (this.head < this.unsent && this.kept[this.head].seq <= through) {
      if (this.kept[this.head].kind === 'message') this.keptMessages -= 1;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.unsent -= this.head;
      this.head = 0;
    }
  }

  /** A renderer (re)started: with the next batch it gets every unacknowledged event again, in order. */
  replay(): void {
    this.replayDue = true;
    this.scheduleFlush();
  }

  /** Resolves once everything handed to the feed so far has gone out (and observers saw it). */
  flushed(): Promise<void> {
    if (!this.flushScheduled) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  /** History events not acknowledged yet. */
  get unacknowledged(): number {
    return this.kept.length - this.head;
  }

  /** Messages among them. */
  get unacknowledgedMessages(): number {
    return this.keptMessages;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    try {
      // State first: the history that follows may belong to the session the snapshot announces.
      if (this.snapshotDue) {
        this.snapshotDue = false;
        this.emit('snapshot', this.snapshot());
      }
      const fresh = this.kept.slice(this.unsent);
      this.unsent = this.kept.length;
      const replayed = this.replayDue ? this.kept.slice(this.head) : fresh;
      this.replayDue = false;
      if (replayed.length > 0) this.emit('history', replayed);
      if (fresh.length > 0) for (const observer of this.observers) this.tell(observer, fresh);
      if (this.ephemeralPending.size > 0) {
        const events = [...this.ephemeralPending.values()];
        this.ephemeralPending.clear();
        this.emit('ephemeral', events);
      }
    } catch (error) {
      this.log.error('the renderer feed could not send a batch', error);
    } finally {
      // Whoever waits for the flush goes on, whatever happened to the batch.
      for (const resolve of waiters) resolve();
    }
  }

  private tell(observer: HistoryObserver, batch: readonly NumberedHistoryEvent[]): void {
    try {
      observer(batch);
    } catch (error) {
      this.log.error('a history observer failed', error);
    }
  }
}

/** What an ephemeral event is the newest state of. */
function ephemeralKey(event: EphemeralEvent): string {
  switch (event.kind) {
    case 'presence':
    case 'occupants':
      return `${event.kind} ${event.jid}`;
    case 'typing':
      // In a room each occupant types on their own.
      return `typing ${conversationKey(event.conversation)} ${event.nick ?? ''}`;
    case 'upload':
      return `upload ${event.id}`;
  }
}
