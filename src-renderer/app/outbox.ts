import type { ConversationRef, FileSendError, GlanceBridge, MentionRequest, Result, SendError } from '../../src-shared/contract';
import type { History, NewFile, StoredMessage } from '../history';

/** Stored as a failed message's error when the bridge call itself threw (translated when shown). */
export const UNREACHABLE = 'unreachable';
/** The core's answer while there is no connection: the message waits in the outbox. */
export const OFFLINE = 'offline';

export type OutboxHistory = Pick<
  History,
  'addOutgoing' | 'addOutgoingFile' | 'setStatus' | 'pendingOutgoing' | 'message' | 'attachment' | 'fileUploaded' | 'pruneAttachments'
>;

export interface NewMessage {
  conversation: ConversationRef;
  from: string;
  body: string;
  /** XEP-0461: the message it answers, with the quoted text. */
  reply?: { target: string; to: string; quoted: string };
  /** In a room: the participants it mentions (XEP-0372), kept with the row so a resend carries them. */
  mentions?: MentionRequest[];
}

/** What one hand-over to the core came to. */
export type Outcome = 'taken' | 'waiting' | 'failed' | 'skipped';

/**
 * Our outgoing messages, from the composer to the core, so none is lost (docs/architecture.md, issue 5):
 * each row is stored as *pending* FIRST, then the core is asked to send it with the row's id
 * (also its origin-id). The core taking it leaves it pending: *sent* means the server acknowledged
 * it (the core's `sent` status). `offline` leaves it pending in the outbox; any other error marks
 * it failed. On every new session, and when the connection is back, `resend` hands the core every
 * pending row again, oldest first, one at a time, with its original id, except those it already
 * took in that session.
 *
 * Order: a new message goes straight to the core only when nothing older waits. While rows wait
 * for the connection, or a session has come online whose `resend` has not begun (its archive sync
 * runs first), it stays pending and that `resend` sends it after the older ones.
 */
export class Outbox {
  /** Hand-overs in progress, by id: a second one for the same id waits for the first. */
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  /** The session in which the core took each id (rows still pending then are sent again in a later one). */
  private readonly taken = new Map<string, number>();
  private resending: Promise<void> = Promise.resolve();
  private generation = 0;
  private waiting = false;
  /** The session the last `resend` was for. */
  private resentFor: number | undefined;

  /** `session`: the XMPP session the renderer knows is current (the snapshot's), if online. */
  constructor(
    private readonly bridge: Pick<GlanceBridge, 'invoke'>,
    private readonly session: () => number | undefined,
  ) {}

  /** Stores and sends a new message: `queue`, then `deliver`. */
  async send(history: OutboxHistory, message: NewMessage): Promise<StoredMessage> {
    const row = await this.queue(history, message);
    await this.deliver(history, row);
    return row;
  }

  /**
   * Stores a new message as pending. Once this resolves the message is durably queued: it goes
   * out through `deliver` now, or through a later `resend`. Throws when the row could not be
   * stored, so the composer keeps its text.
   */
  queue(history: OutboxHistory, message: NewMessage): Promise<StoredMessage> {
    return history.addOutgoing({ ...message, id: crypto.randomUUID() });
  }

  /** Stores a file to send as pending, its bytes with it (as `queue`; the outbox uploads it). */
  queueFile(history: OutboxHistory, message: { conversation: ConversationRef; from: string; file: NewFile }): Promise<StoredMessage> {
    return history.addOutgoingFile({ ...message, id: crypto.randomUUID() });
  }

  /**
   * Hands a queued message to the core, after the outbox's backlog (order is kept), which may
   * take as long as a new session's archive sync. Throws when the bridge call threw (the row is
   * then marked failed).
   */
  async deliver(history: OutboxHistory, row: StoredMessage): Promise<void> {
    await this.resendsDone();
    // The resend that just ran may have sent it already.
    const session = this.session();
    if (session === undefined || this.taken.get(outboxId(row)) !== session) await this.transmitInTurn(history, row);
  }

  /** Sends a failed message again, with its original id so the recipients can tell it is the same one. */
  async retry(history: OutboxHistory, row: StoredMessage): Promise<void> {
    if (row.direction !== 'out' || row.status !== 'failed') return;
    await history.setStatus(row.key, 'pending');
    await this.resendsDone();
    await this.transmitInTurn(history, row);
  }

  /**
   * A new session (`session`) began, or the connection is back: once `ready` resolves (the
   * archive sync is done), sends every pending row again, oldest first, awaiting each; new
   * messages wait behind it. Stops when the core answers `offline` (the next session goes on) or
   * a newer call takes over. Throws when the bridge call threw.
   */
  resend(history: OutboxHistory, session: number, ready: Promise<void> = Promise.resolve()): Promise<void> {
    const generation = ++this.generation;
    this.waiting = false;
    this.resentFor = session;
    for (const [id, inSession] of this.taken) if (inSession < session) this.taken.delete(id);
    const run = this.resending
      .catch(() => undefined)
      .then(async () => {
        await ready;
        await history.pruneAttachments().catch((error: unknown) => console.warn('glance: attachments not pruned', error));
        for (const row of await history.pendingOutgoing()) {
          if (generation !== this.generation) return;
          const outcome = await this.resendOne(history, row, session);
          if (outcome === 'waiting') return;
        }
      });
    this.resending = run;
    return run;
  }

  /** Some row waits for the connection (answered `offline`, or held back) until the next resend. */
  get hasWaiting(): boolean {
    return this.waiting;
  }

  /** Resolves when no resend is running (tests). */
  idle(): Promise<void> {
    return this.resending.catch(() => undefined);
  }

  /** Waits for the resend running now and any that a newer call chained behind it. */
  private async resendsDone(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.resending;
      await current.catch(() => undefined);
    } while (current !== this.resending);
  }

  private async resendOne(history: OutboxHistory, row: StoredMessage, session: number): Promise<Outcome> {
    if (this.session() !== session) {
      // The connection went (or a newer session began) while this resend waited: the next one sends it.
      this.waiting = true;
      return 'waiting';
    }
    const id = outboxId(row);
    await this.inFlight.get(id)?.catch(() => undefined);
    if (this.taken.get(id) === session) return 'skipped';
    // The server may have acknowledged it meanwhile, or the archive brought it back (then it is sent).
    const current = await history.message(row.key);
    if (current?.status !== 'pending') return 'skipped';
    return this.transmit(history, current);
  }

  /** Hands a row over now unless older rows wait, or the current session's resend has not begun. */
  private async transmitInTurn(history: OutboxHistory, row: StoredMessage): Promise<Outcome> {
    const session = this.session();
    if (this.waiting || session === undefined || session !== this.resentFor) {
      this.waiting = true;
      return 'waiting';
    }
    return this.transmit(history, row);
  }

  private transmit(history: OutboxHistory, row: StoredMessage): Promise<Outcome> {
    const id = outboxId(row);
    const before = this.inFlight.get(id)?.catch(() => undefined) ?? Promise.resolve();
    const attempt = before.then(() => this.handOver(history, row, id));
    this.inFlight.set(id, attempt);
    const forget = () => {
      if (this.inFlight.get(id) === attempt) this.inFlight.delete(id);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  private async handOver(history: OutboxHistory, row: StoredMessage, id: string): Promise<Outcome> {
    const session = this.session();
    let result: Result<unknown, SendError | FileSendError>;
    try {
      const reply = row.reply?.to && row.reply.quoted !== undefined ? { reply: { target: row.reply.target, to: row.reply.to, quoted: row.reply.quoted } } : {};
      result = row.file
        ? await this.handOverFile(history, row, id, session)
        : await this.bridge.invoke('sendMessage', {
            conversation: row.conversation,
            body: row.body,
            id,
            ...(session === undefined ? {} : { session }),
            ...reply,
            ...(row.mentions?.length ? { mentions: row.mentions } : {}),
          });
    } catch (error) {
      await history.setStatus(row.key, 'failed', UNREACHABLE).catch(() => undefined);
      throw error;
    }
    if (result.ok) {
      if (session !== undefined) this.taken.set(id, session);
      return 'taken';
    }
    if (result.error === OFFLINE) {
      this.waiting = true;
      return 'waiting';
    }
    await history.setStatus(row.key, 'failed', result.error);
    return 'failed';
  }

  /** A file row: its bytes from history to the core, which uploads them and sends the message; then its URL into history. */
  private async handOverFile(history: OutboxHistory, row: StoredMessage, id: string, session: number | undefined): Promise<Result<unknown, FileSendError>> {
    const bytes = await history.attachment(row.key);
    if (!bytes) return { ok: false, error: MISSING_BYTES };
    const file = row.file!;
    const result = await this.bridge.invoke('sendFile', {
      conversation: row.conversation,
      id,
      name: file.name ?? 'file',
      mediaType: file.mediaType || 'application/octet-stream',
      bytes: new Uint8Array(await bytes.arrayBuffer()),
      ...(session === undefined ? {} : { session }),
    });
    if (result.ok) await history.fileUploaded(row.key, result.value.url);
    return result;
  }
}

/** What the outbox tells the core when a file's bytes are gone from history (cannot be sent again). */
export const MISSING_BYTES: FileSendError = 'empty';

/** The id a row goes out with: always the same for the same row. */
export function outboxId(row: Pick<StoredMessage, 'originId' | 'id' | 'key'>): string {
  return row.originId ?? row.id ?? row.key;
}
