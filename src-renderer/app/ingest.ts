import type { ArchiveProgress, MessageActionEvent, NumberedHistoryEvent, ReadPoint, RoomMarker, StatusUpdate, WireMessage } from '../../src-shared/contract';
import { CHUNK_SIZE } from '../history/store';

/** The part of History that ingesting needs (keeps this testable with a fake). */
export interface IngestStore {
  storeWireMessages(messages: WireMessage[], progress?: readonly ArchiveProgress[]): Promise<unknown>;
  applyStatuses(updates: StatusUpdate[]): Promise<unknown>;
  applyReadPoints(points: ReadPoint[]): Promise<unknown>;
  applyActions(events: MessageActionEvent[]): Promise<unknown>;
  applyRoomMarkers(markers: RoomMarker[]): Promise<unknown>;
}

export interface IngestOptions {
  /** Tells the core every event through `through` is stored. Called only after the write committed. */
  ack(through: number): Promise<unknown>;
  /** A write failed: the events stay queued (and unacknowledged) and are retried later. */
  onError(error: unknown): void;
  /** A write succeeded after earlier failures. */
  onRecovered?(): void;
  /** Events arrived past a missing number: they are stored, but nothing is acknowledged past the gap. */
  onGap?(missing: number): void;
  /** First retry delay in ms; doubles per failure up to 30 s. */
  retryDelay?: number;
  /** Most events in one write (each write is acknowledged on its own). */
  chunkSize?: number;
}

/**
 * Moves the core's numbered history events into history in the order of their numbers, one write
 * at a time (a status or read point may name a message just before it), and acknowledges them
 * cumulatively (`ackHistory`) after each write committed, so if the page dies mid-write the core
 * still has them and delivers them again. What arrives before history is open waits here.
 *
 * A page that starts mid-run first sees the oldest event the core still holds, whatever its number:
 * that is where its stored run begins. Events it already stored (a replay, a batch given twice)
 * are skipped. Events past a missing number are stored too (the stores are idempotent), but the
 * acknowledgment stops before the gap, so the core keeps the rest and a later replay fills it
 * (test/unit/ingest.test.ts).
 *
 * Nothing is acknowledged before `begin`: the core replays what it holds to a renderer that starts
 * once it answers that renderer's `getSnapshot`, and a live event stored before the replay came
 * must not acknowledge (cumulatively) the older ones the replay is about to bring.
 */
export class HistoryIngest {
  /** Events not yet stored, in number order, without duplicates. */
  private queue: NumberedHistoryEvent[] = [];
  private readonly queued = new Set<number>();
  /** Numbers of the stored run: every event from `first` through `through` is stored. */
  private first: number | undefined;
  private through = 0;
  private acknowledged = 0;
  private begun = false;
  /** Stored numbers past a gap after `through`, and the highest of them. */
  private readonly storedBeyond = new Set<number>();
  private highest = 0;
  private readonly waiters: { seq: number; resolve: (complete: boolean) => void }[] = [];
  private store: IngestStore | undefined;
  private running = false;
  private pumping: Promise<void> = Promise.resolve();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: IngestOptions) {}

  /** The core answered `getSnapshot`: its replay for this renderer is on the way, ahead of any acknowledgment. */
  begin(): void {
    this.begun = true;
    this.acknowledge();
  }

  /** Where to write from now on (undefined while no history is open). */
  setStore(store: IngestStore | undefined): void {
    this.store = store;
    this.pump();
  }

  push(events: readonly NumberedHistoryEvent[]): void {
    let unsorted = false;
    for (const event of events) {
      if (this.isStored(event.seq) || this.queued.has(event.seq)) continue;
      if (this.queue.length > 0 && event.seq < this.queue.at(-1)!.seq) unsorted = true;
      this.queue.push(event);
      this.queued.add(event.seq);
    }
    if (unsorted) this.queue.sort((a, b) => a.seq - b.seq);
    this.pump();
  }

  /**
   * Resolves once every event numbered up to `seq` is stored: true, or false when one of them
   * never came (a gap below `seq`) while everything after it through `seq` is stored. Numbers below
   * the first event this page saw were stored by an earlier page; 0 means none.
   */
  storedThrough(seq: number): Promise<boolean> {
    const answer = this.answer(seq);
    if (answer !== undefined) return Promise.resolve(answer);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** The number through which every event is stored (0 before the first write). */
  get stored(): number {
    return this.through;
  }

  /** Events not yet written. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves when nothing is being written (everything is stored, history is closed, or a write awaits its retry). */
  async idle(): Promise<void> {
    while (this.running) await this.pumping;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.store = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  private isStored(seq: number): boolean {
    return (this.first !== undefined && seq >= this.first && seq <= this.through) || this.storedBeyond.has(seq);
  }

  private answer(seq: number): boolean | undefined {
    if (seq <= this.through || (this.first !== undefined && seq < this.first)) return true;
    if (seq <= this.highest && !(this.queue[0] && this.queue[0].seq <= seq)) return false;
    return undefined;
  }

  private pump(): void {
    if (this.running || this.retryTimer !== undefined || this.disposed) return;
    this.running = true;
    this.pumping = this.drain();
  }

  /** Writes while there is history and something to write; `running` is false again the moment it stops. */
  private async drain(): Promise<void> {
    try {
      while (this.store && this.queue.length > 0) {
        const store = this.store;
        const run = this.leadingRun();
        try {
          await write(store, run);
        } catch (error) {
          this.scheduleRetry();
          this.options.onError(error);
          return;
        }
        // Not by position: a replay from below may have been sorted in ahead of the run meanwhile.
        for (const event of run) this.queued.delete(event.seq);
        this.queue = this.queue.filter((event) => this.queued.has(event.seq));
        if (this.failures > 0) {
          this.failures = 0;
          this.options.onRecovered?.();
        }
        for (const event of run) this.markStored(event.seq);
        this.acknowledge();
        this.settleWaiters();
        // Let input, rendering and the list's re-read run between the writes of a big archive page.
        if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      this.running = false;
    }
  }

  /** The first queued events of one kind (message actions count as one), at most a chunk. */
  private leadingRun(): NumberedHistoryEvent[] {
    const limit = this.options.chunkSize ?? CHUNK_SIZE;
    const kind = writeKind(this.queue[0]!);
    let end = 1;
    while (end < this.queue.length && end < limit && writeKind(this.queue[end]!) === kind) end++;
    return this.queue.slice(0, end);
  }

  private acknowledge(): void {
    if (!this.begun || this.through <= this.acknowledged) return;
    this.acknowledged = this.through;
    // A lost ack only means the core delivers again; history stores each event once.
    this.options.ack(this.through).catch((error: unknown) => console.warn('glance: ackHistory failed', error));
  }

  private markStored(seq: number): void {
    this.highest = Math.max(this.highest, seq);
    if (this.first === undefined) {
      this.first = seq;
      this.through = seq;
      return;
    }
    // Below the first event this page saw: replayed late, stored again harmlessly.
    if (seq <= this.through) return;
    if (seq > this.through + 1 && this.storedBeyond.size === 0) this.options.onGap?.(this.through + 1);
    this.storedBeyond.add(seq);
    while (this.storedBeyond.delete(this.through + 1)) this.through++;
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      const answer = this.answer(waiter.seq);
      if (answer === undefined) continue;
      this.waiters.splice(i, 1);
      waiter.resolve(answer);
    }
  }

  private scheduleRetry(): void {
    const delay = Math.min((this.options.retryDelay ?? 1000) * 2 ** this.failures, 30_000);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
  }
}

function isAction(event: NumberedHistoryEvent): event is MessageActionEvent & { seq: number } {
  return event.kind === 'correction' || event.kind === 'retraction' || event.kind === 'reaction';
}

/**
 * Events written together. A room's participants' markers ride with messages: a marker only ever
 * names an earlier message, so the run's messages are stored first, and an archive walk that
 * interleaves the two is not cut into twice as many writes (bench #12). An archive catch-up's
 * progress rides with them too, kept last: once it is stored, so is everything its pages brought.
 */
function writeKind(event: NumberedHistoryEvent): string {
  return isAction(event) ? 'action' : event.kind === 'roomMarker' || event.kind === 'archiveProgress' ? 'message' : event.kind;
}

/** One write: a run of events of one kind. */
function write(store: IngestStore, run: NumberedHistoryEvent[]): Promise<unknown> {
  const kind = run[0]!.kind;
  if (isAction(run[0]!)) return store.applyActions(run.filter(isAction));
  if (kind === 'message' || kind === 'roomMarker' || kind === 'archiveProgress') return writeMessagesAndMarkers(store, run);
  if (kind === 'status') return store.applyStatuses(run.flatMap((e) => (e.kind === 'status' ? [e.status] : [])));
  return store.applyReadPoints(run.flatMap((e) => (e.kind === 'readPoint' ? [e.readPoint] : [])));
}

async function writeMessagesAndMarkers(store: IngestStore, run: NumberedHistoryEvent[]): Promise<void> {
  const messages = run.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
  const markers = run.flatMap((e) => (e.kind === 'roomMarker' ? [e.roomMarker] : []));
  const progress: ArchiveProgress[] = run.flatMap((e) => (e.kind === 'archiveProgress' ? [e.progress] : []));
  // Progress says what is stored: with the messages when no marker comes after them, else last.
  if (messages.length) await store.storeWireMessages(messages, markers.length ? [] : progress);
  if (markers.length) await store.applyRoomMarkers(markers);
  if (progress.length && (markers.length || !messages.length)) await store.storeWireMessages([], progress);
}
