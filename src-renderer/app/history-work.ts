import type { ConnectionState, ConversationRef, GlanceBridge, NumberedHistoryEvent, RoomSummary, SyncError } from '../../src-shared/contract';
import type { History, NewFile, StoredMessage } from '../history';
import { HistoryIngest } from './ingest';
import type { ActionQueue } from './action-queue';
import { Outbox, type NewMessage } from './outbox';
import { RoomCatchUp } from './room-catch-up';
import { SessionWork } from './session';

/** The alerts this work raises and clears (keys of the message catalogue). */
export type HistoryAlert = 'error.store' | 'error.sync' | 'error.outbox';

/** The bridge as this work uses it: commands, and the core's history events. */
export interface HistoryBridge extends Pick<GlanceBridge, 'invoke'> {
  on(name: 'history', listener: (events: NumberedHistoryEvent[]) => void): () => void;
}

export interface HistoryAlerts {
  /** `code`: why a sync failed, as the core answered. */
  report(key: HistoryAlert, error: unknown, code?: SyncError): void;
  clear(key: HistoryAlert): void;
}

/**
 * Everything between the core and one open history: the ingest (the core's history events into
 * history, acknowledged by number), the outbox (our messages to the core), and the work of each new
 * session (archive sync, then the outbox). The app and the Node renderer of the integration tests
 * (test/support/history-node.ts) both run exactly this.
 */
export class HistoryWork {
  private readonly ingest: HistoryIngest;
  private readonly outbox: Outbox;
  /** Our message actions made offline (app/action-queue.ts): sent after the outbox's resend. */
  private actionQueue?: Pick<ActionQueue, 'hasWaiting' | 'flush'>;
  private readonly sessions: SessionWork;
  private readonly rooms = new RoomCatchUp();
  private latestRooms: readonly RoomSummary[] = [];
  private history: History | undefined;
  private connection: ConnectionState | undefined;
  /** Session runs and hand-overs still going (for `idle`). */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly bridge: HistoryBridge,
    alerts: HistoryAlerts,
  ) {
    this.ingest = new HistoryIngest({
      ack: (through) => bridge.invoke('ackHistory', { through }),
      onError: (error) => alerts.report('error.store', error),
      onRecovered: () => alerts.clear('error.store'),
      onGap: (missing) => console.warn(`glance: history event ${missing} never came; acknowledging stops before it`),
    });
    this.outbox = new Outbox(bridge, () => (this.connection?.status === 'online' ? this.connection.session : undefined));
    this.sessions = new SessionWork({
      resumeStanzaId: async (archive) => this.history?.resumeStanzaId(archive),
      syncGap: async (archive) => this.history?.syncGap(archive),
      setSyncGap: async (gap, archive) => this.history?.setSyncGap(gap, archive),
      storedThrough: (seq) => this.ingest.storedThrough(seq),
      syncArchive: (request) => bridge.invoke('syncArchive', request),
      resend: async (session, ready) => {
        const history = this.history;
        if (history) await this.outbox.resend(history, session, ready);
        await this.actionQueue?.flush();
      },
      outboxWaiting: () => this.outbox.hasWaiting || !!this.actionQueue?.hasWaiting,
      onSyncFailed: (error, code) => alerts.report('error.sync', error, code),
      onSynced: () => alerts.clear('error.sync'),
      onResendFailed: (error) => alerts.report('error.outbox', error),
    });
  }

  /** The message actions that wait for the connection go out with each session's resend. */
  useActionQueue(queue: Pick<ActionQueue, 'hasWaiting' | 'flush'>): void {
    this.actionQueue = queue;
  }

  /** Takes the core's history events from now on; returns the undo, which also ends the ingest. */
  start(): () => void {
    const stop = this.bridge.on('history', (events) => this.ingest.push(events));
    return () => {
      stop();
      this.ingest.dispose();
    };
  }

  /**
   * The core answered this renderer's `getSnapshot`, after which it replays what it holds:
   * acknowledging may begin (HistoryIngest.begin).
   */
  begin(): void {
    this.ingest.begin();
  }

  /**
   * The history to write to (undefined: none is open; what the core delivers meanwhile waits here,
   * unacknowledged). Another history starts the session work again.
   */
  useHistory(history: History | undefined): void {
    this.history = history;
    this.ingest.setStore(history);
    if (!history) return;
    this.sessions.reset();
    this.rooms.reset();
    this.track(this.sessions.update(this.connection, true));
    // Rooms joined before this history opened catch up now.
    this.setRooms(this.latestRooms);
  }

  /** The connection the latest snapshot shows. */
  setConnection(connection: ConnectionState): void {
    this.connection = connection;
    this.track(this.sessions.update(connection, this.history !== undefined));
  }

  /** The rooms the latest snapshot shows: each one entered since the last look catches up from its archive. */
  setRooms(rooms: readonly RoomSummary[] | undefined): void {
    this.latestRooms = rooms ?? [];
    if (!this.history) return;
    for (const room of this.rooms.due(this.latestRooms)) this.track(this.sessions.syncRoom(room));
  }

  /**
   * Stores a new message as pending and resolves with its row; the hand-over to the core goes on
   * behind the outbox's backlog (a failure shows on the message itself). Throws when the message
   * could not be stored, so the composer keeps its text.
   */
  async send(message: NewMessage): Promise<StoredMessage> {
    const history = this.history;
    if (!history) throw new Error('No history is open');
    const row = await this.outbox.queue(history, message);
    this.track(this.outbox.deliver(history, row).catch((error: unknown) => console.warn('glance: message not handed over', error)));
    return row;
  }

  /** Stores a file to send as pending, with its bytes, and resolves with its row; the outbox uploads it in turn (as `send`). */
  async sendFile(message: { conversation: ConversationRef; from: string; file: NewFile }): Promise<StoredMessage> {
    const history = this.history;
    if (!history) throw new Error('No history is open');
    const row = await this.outbox.queueFile(history, message);
    this.track(this.outbox.deliver(history, row).catch((error: unknown) => console.warn('glance: file not handed over', error)));
    return row;
  }

  /** Sends a failed message again. */
  async retry(message: StoredMessage): Promise<void> {
    const history = this.history;
    if (!history) return;
    await this.outbox.retry(history, message).catch((error: unknown) => console.warn('glance: retry failed', error));
  }

  /** Resolves when nothing is being written, synced or handed over (tests). */
  async idle(): Promise<void> {
    do {
      await this.ingest.idle();
      await Promise.all(this.running);
      await this.outbox.idle();
    } while (this.running.size > 0);
  }

  private track(work: Promise<unknown> | undefined): void {
    if (!work) return;
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
  }
}
