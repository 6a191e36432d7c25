import type { ArchiveSlice, ConnectionState, Result, SyncError } from '../../src-shared/contract';
import { OFFLINE } from './outbox';

/** The core's answer when `after` names a stanza-id the server's archive no longer has. */
export const ITEM_NOT_FOUND = 'item-not-found';

/**
 * Each archive has its own cursor; `archive` is the JID whose archive it is, undefined for our own
 * account's (the `syncArchive` command's default).
 */
export interface SessionWorkDeps {
  /** Where the archive holds what history may lack (History.resumeStanzaId). */
  resumeStanzaId(archive?: string): Promise<string | undefined>;
  /**
   * Where an incomplete sync began (History.syncGap / setSyncGap, kept across restarts). Without
   * them a failed walk is resumed from resumeStanzaId, which live messages may have moved past it.
   */
  syncGap?(archive?: string): Promise<{ after?: string; slices?: ArchiveSlice[] } | undefined>;
  setSyncGap?(gap: { after?: string } | undefined, archive?: string): Promise<void>;
  /** Archives to sync after our own account's, each from its own cursor (none yet). */
  otherArchives?(): string[];
  /**
   * Resolves once history holds every history event numbered up to `seq` (HistoryIngest.storedThrough):
   * true, or false when one of them never came.
   */
  storedThrough?(seq: number): Promise<boolean>;
  /** The `syncArchive` command. */
  syncArchive(request: { archive?: string; after?: string; slices?: ArchiveSlice[] }): Promise<Result<{ count: number; through: number }, SyncError>>;
  /**
   * The outbox: send again what is still pending, once `ready` resolves (the sync is done: a
   * message the server did get comes back from the archive as sent, and is not sent twice). New
   * messages queue behind it, so the order holds.
   */
  resend(session: number, ready?: Promise<void>): Promise<void>;
  /** Rows answered `offline` wait: the next online snapshot sends them, even if no offline one came between. */
  outboxWaiting?(): boolean;
  /** A sync failed (it is tried again on the next session): a Result error code, or what was thrown. */
  onSyncFailed(error: unknown, code?: SyncError): void;
  onSynced(count: number): void;
  onResendFailed(error: unknown): void;
}

/**
 * What the renderer does once per new XMPP session (`connection.session` changed: a first sign-in,
 * a reconnect after a failed resume; never a resumption): an archive sync of each archive (our own
 * account's first), then, without waiting for their answers, the outbox. Each sync starts at the newest stored stanza-id (earlier while a
 * message we sent may be in the archive unacknowledged: History.resumeStanzaId), none on a first
 * sign-in on this device (the core then fetches recent history), or where an earlier sync that
 * did not complete began. Back online by a resumption, only the outbox runs (what was written
 * offline goes out; the outbox skips what the core took in this session, which stream management
 * resends itself). Call `update` on every snapshot and when history opens.
 */
export class SessionWork {
  private handled: string | undefined;
  private online = false;

  constructor(private readonly deps: SessionWorkDeps) {}

  /** `ready`: history for this account is open. Returns the run it started, if any (tests). */
  update(connection: ConnectionState | undefined, ready: boolean): Promise<void> | undefined {
    const wasOnline = this.online;
    this.online = connection?.status === 'online';
    if (!connection || connection.status === 'signed-out' || connection.status === 'failed') {
      // A new sign-in counts sessions from 1 again.
      this.handled = undefined;
      return undefined;
    }
    if (connection.status !== 'online' || !ready) return undefined;
    const key = `${connection.jid} ${connection.session}`;
    if (key === this.handled) return wasOnline && !this.deps.outboxWaiting?.() ? undefined : this.resend(connection.session);
    this.handled = key;
    return this.run(connection.session);
  }

  /**
   * A room was entered (again): catch up from its own archive, from the newest stanza-id by the
   * room that history holds, with the same gap bookkeeping as a session's syncs.
   */
  syncRoom(room: string): Promise<void> {
    return this.syncOne(room, () => {});
  }

  /** Another history was opened: its first online snapshot starts the work again. */
  reset(): void {
    this.handled = undefined;
  }

  private async run(session: number): Promise<void> {
    let started = () => {};
    const invoked = new Promise<void>((resolve) => (started = resolve));
    const sync = this.sync(() => started());
    // The outbox's resend for this session is registered at once, so that nothing sends before
    // it (a snapshot in the meantime would otherwise start a resend of its own that does not wait:
    // test/e2e/composer.test.ts), and holds until the sync's request has gone to the core and the
    // walk is done (or too slow).
    const resend = this.resend(
      session,
      invoked.then(() => within(sync, SYNC_WAIT_MS)),
    );
    await Promise.all([resend, sync]);
  }

  private resend(session: number, ready?: Promise<void>): Promise<void> {
    return this.deps.resend(session, ready).catch((error: unknown) => this.deps.onResendFailed(error));
  }

  private async sync(started: () => void): Promise<void> {
    try {
      for (const archive of [undefined, ...(this.deps.otherArchives?.() ?? [])]) await this.syncOne(archive, started);
    } finally {
      started();
    }
  }

  private async syncOne(archive: string | undefined, started: () => void): Promise<void> {
    const request = (after: string | undefined, slices?: ArchiveSlice[]) => ({
      ...(archive ? { archive } : {}),
      ...(after ? { after } : {}),
      ...(after && slices ? { slices } : {}),
    });
    try {
      const gap = await this.deps.syncGap?.(archive);
      let after = gap ? gap.after : await this.deps.resumeStanzaId(archive);
      // Until this walk completes, history may lack what the archive holds after `after`.
      if (!gap) await this.deps.setSyncGap?.({ ...(after ? { after } : {}) }, archive);
      // An interrupted catch-up resumes each of its slices where its stored progress says.
      const first = this.deps.syncArchive(request(after, gap?.slices));
      started();
      let result = await first;
      // The archive refuses the stored slices (a cursor it lost, or a server that no longer takes
      // `before-id`): the catch-up starts again from where it began.
      if (!result.ok && gap?.slices && after !== undefined && (result.error === ITEM_NOT_FOUND || result.error === 'bad-request'))
        result = await this.deps.syncArchive(request(after));
      // The archive no longer has that stanza-id (expired, or reset): start over with recent history.
      if (!result.ok && after !== undefined && result.error === ITEM_NOT_FOUND) {
        after = undefined;
        await this.deps.setSyncGap?.({}, archive);
        result = await this.deps.syncArchive(request(undefined));
      }
      if (!result.ok) {
        // Offline: the connection dropped mid-walk; the next session syncs again, from the same point.
        if (result.error !== OFFLINE) this.deps.onSyncFailed(undefined, result.error);
        return;
      }
      // Complete once history holds the walk's last event (`through`); from then on live delivery keeps it so.
      if ((await this.deps.storedThrough?.(result.value.through)) ?? true) await this.deps.setSyncGap?.(undefined, archive);
      this.deps.onSynced(result.value.count);
    } catch (error) {
      this.deps.onSyncFailed(error);
    }
  }
}

/** Longest the outbox waits for a new session's archive sync before sending anyway. */
export const SYNC_WAIT_MS = 10_000;

/** Resolves when `promise` settles or after `ms`, whichever is first. */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  const done = promise.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}
