import type { Events, ReadPoint, StatusUpdate, WireMessage } from '../../src-shared/contract';
import { RecentEvents } from './acknowledgements';
import { Inbox } from './inbox';

type FeedEvent = 'messages' | 'statuses' | 'readPoints';

/**
 * Everything the core tells the renderer about history, batched per turn of the event loop (a
 * burst of stanzas is one write there), and kept for a renderer that (re)starts: messages until
 * it acknowledges storing them, statuses and read points as a bounded replay (idempotent there).
 */
export class RendererFeed {
  private readonly inbox = new Inbox();
  private readonly recentStatuses = new RecentEvents<StatusUpdate>();
  private readonly recentReadPoints = new RecentEvents<ReadPoint>();
  private pending: { messages: WireMessage[]; statuses: StatusUpdate[]; readPoints: ReadPoint[] } = { messages: [], statuses: [], readPoints: [] };
  private flushScheduled = false;

  /**
   * `emit` reaches the renderer (fresh batches and replays alike); `observe` sees each fresh batch
   * once, never a replay (the notifier must not hear a message twice).
   */
  constructor(
    private readonly emit: <K extends FeedEvent>(name: K, payload: Events[K]) => void,
    private readonly observe?: <K extends FeedEvent>(name: K, payload: Events[K]) => void,
  ) {}

  message(message: Omit<WireMessage, 'seq'>): void {
    this.pending.messages.push(this.inbox.add(message));
    this.scheduleFlush();
  }

  statuses(updates: StatusUpdate[]): void {
    if (updates.length === 0) return;
    this.recentStatuses.add(updates);
    this.pending.statuses.push(...updates);
    this.scheduleFlush();
  }

  readPoints(points: ReadPoint[]): void {
    if (points.length === 0) return;
    this.recentReadPoints.add(points);
    this.pending.readPoints.push(...points);
    this.scheduleFlush();
  }

  acknowledge(seqs: readonly number[]): void {
    this.inbox.acknowledge(seqs);
  }

  /** For a renderer that just started: everything it may have missed. */
  replay(): void {
    const messages = this.inbox.pending();
    if (messages.length > 0) this.emit('messages', messages);
    const statuses = this.recentStatuses.all();
    if (statuses.length > 0) this.emit('statuses', statuses);
    const readPoints = this.recentReadPoints.all();
    if (readPoints.length > 0) this.emit('readPoints', readPoints);
  }

  get unstoredCount(): number {
    return this.inbox.size;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const { messages, statuses, readPoints } = this.pending;
      this.pending = { messages: [], statuses: [], readPoints: [] };
      // Messages first: a status or read point may refer to a message in the same batch.
      for (const [name, batch] of [['messages', messages], ['statuses', statuses], ['readPoints', readPoints]] as const) {
        if (batch.length === 0) continue;
        this.emit(name, batch as never);
        this.observe?.(name, batch as never);
      }
    });
  }
}
