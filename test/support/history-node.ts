import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { ConnectionState, ConversationRef, Events, Result, Snapshot, SyncError, WireMessage } from '../../src-shared/contract';
import type { GlanceCore } from '../../src-main/core/glance-core';
import { openHistory, type History, type StoredMessage } from '../../src-renderer/history';
import { MessageIngest } from '../../src-renderer/app/ingest';
import { Outbox } from '../../src-renderer/app/outbox';
import { appSessionWork } from '../../src-renderer/app/session';

/**
 * "Glance's history" in Node: the renderer's real history (Dexie on fake-indexeddb), ingest,
 * session work (archive sync on every new session) and outbox (`appSessionWork` and `Outbox`
 * from src-renderer/app, wired as app.svelte.ts wires them), fed by Glance's real core.
 */
export interface NodeRendererOptions {
  account: string;
  /** Progress lines (session starts, syncs, resends). */
  log?: (line: string) => void;
}

export interface SyncRecord {
  session: number;
  /** The archive walked; absent: our own account's. */
  archive?: string;
  after?: string;
  result?: Result<{ count: number }, SyncError>;
  /** When the sync was asked for and answered (ms since the epoch). */
  at: number;
  ms?: number;
}

export interface NodeRenderer {
  readonly history: History;
  /** Every archive sync asked for, in order. */
  readonly syncs: SyncRecord[];
  /** Messages the core delivered (all of them, replays included), in order. */
  readonly delivered: WireMessage[];
  /** How many times a row was handed to the core's sendMessage, by id. */
  readonly handOvers: Map<string, number>;
  /** What happened to each of our ids: hand-overs and their results, statuses from the core. */
  readonly trace: Map<string, string[]>;
  /** Stores our message as pending and hands it to the outbox; resolves once stored. */
  send(to: ConversationRef, body: string): Promise<StoredMessage>;
  /** Resolves when every event so far is written and no outbox or session work is running. */
  settle(): Promise<void>;
  /** Outgoing rows still pending. */
  pending(): Promise<StoredMessage[]>;
  /** Every message of the conversation, in display order. */
  conversation(conversation: ConversationRef): Promise<StoredMessage[]>;
  stop(): void;
}

export async function startNodeRenderer(core: GlanceCore, options: NodeRendererOptions): Promise<NodeRenderer> {
  const log = options.log ?? (() => undefined);
  const history = await openHistory({ account: options.account, name: `glance-${options.account}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const delivered: WireMessage[] = [];
  const handOvers = new Map<string, number>();
  const trace = new Map<string, string[]>();
  const t0 = Date.now();
  const traced = (id: string, what: string) => trace.set(id, [...(trace.get(id) ?? []), `${what} @${Date.now() - t0}`]);
  const syncs: SyncRecord[] = [];
  const errors: unknown[] = [];
  let snapshot: Snapshot | undefined;

  // The bridge as the renderer sees it: the core's commands and events, nothing else.
  const invoke = async <T>(name: string, request: unknown): Promise<T> => {
    if (name === 'sendMessage') {
      const id = (request as { id: string }).id;
      handOvers.set(id, (handOvers.get(id) ?? 0) + 1);
      const session = sessionOf(snapshot?.connection);
      const result = await (core as unknown as Record<string, (r: unknown) => Promise<Result<void, string>>>)[name]!(request);
      traced(id, `handed over in session ${session ?? '-'}: ${result.ok ? 'taken' : result.error}`);
      return result as T;
    }
    if (name === 'syncArchive') {
      const { archive, after } = request as { archive?: string; after?: string };
      const record: SyncRecord = { session: sessionOf(snapshot?.connection) ?? -1, ...(archive ? { archive } : {}), after, at: Date.now() };
      syncs.push(record);
      log(`sync (session ${record.session}) of ${archive ?? 'our archive'} after ${record.after ?? '(none: recent history)'}`);
      const result = (await (core as unknown as Record<string, (r: unknown) => Promise<Result<{ count: number }, SyncError>>>)[name]!(request)) as Result<{ count: number }, SyncError>;
      record.result = result;
      record.ms = Date.now() - record.at;
      log(`sync (session ${record.session}) ${result.ok ? `ok, ${result.value.count} messages` : `failed: ${result.error}`} in ${record.ms} ms`);
      return result as T;
    }
    return (core as unknown as Record<string, (r: unknown) => Promise<T>>)[name]!(request);
  };
  const bridge = { invoke } as unknown as ConstructorParameters<typeof Outbox>[0];

  const ingest = new MessageIngest({
    ack: (seqs) => invoke('ackMessages', { seqs }),
    onError: (error) => {
      errors.push(error);
      log(`history write failed: ${String(error)}`);
    },
  });
  ingest.setStore(history);

  const work = appLogic(bridge, history, ingest, () => snapshot, log);

  const onSnapshot = (s: Events['snapshot']) => {
    snapshot = s;
    work.snapshot(s.connection);
  };
  const onMessages = (batch: Events['messages']) => {
    delivered.push(...batch);
    ingest.push(batch);
  };
  const onStatuses = (updates: Events['statuses']) => {
    for (const u of updates) traced(u.id, `status ${u.status} (session ${sessionOf(snapshot?.connection) ?? '-'})`);
    ingest.pushStatuses(updates);
  };
  const onReadPoints = (points: Events['readPoints']) => ingest.pushReadPoints(points);
  core.on('snapshot', onSnapshot);
  core.on('messages', onMessages);
  core.on('statuses', onStatuses);
  core.on('readPoints', onReadPoints);

  return {
    history,
    syncs,
    delivered,
    handOvers,
    trace,
    send: (to, body) => work.send(to, body),
    async settle() {
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        await ingest.idle();
        await work.idle();
      }
      if (errors.length > 0) throw new Error(`history writes failed: ${errors.map(String).join('; ')}`);
    },
    pending: () => history.pendingOutgoing(),
    conversation: (conversation) => history.latest(conversation, 1_000_000),
    stop() {
      core.off('snapshot', onSnapshot);
      core.off('messages', onMessages);
      core.off('statuses', onStatuses);
      core.off('readPoints', onReadPoints);
      ingest.dispose();
      history.close();
    },
  };
}

interface SessionLogic {
  snapshot(connection: ConnectionState): void;
  send(to: ConversationRef, body: string): Promise<StoredMessage>;
  idle(): Promise<void>;
}

function sessionOf(connection: ConnectionState | undefined): number | undefined {
  return connection?.status === 'online' ? connection.session : undefined;
}

/** The renderer's own session work and Outbox, wired as src-renderer/app/app.svelte.ts wires them. */
function appLogic(
  bridge: ConstructorParameters<typeof Outbox>[0],
  history: History,
  ingest: MessageIngest,
  snapshot: () => Snapshot | undefined,
  log: (line: string) => void,
): SessionLogic {
  const outbox = new Outbox(bridge, () => sessionOf(snapshot()?.connection));
  let running: Promise<void> = Promise.resolve();
  const alerts = {
    report: (key: string, error: unknown, code?: string) => log(`app alert ${key}: ${code ?? String(error)}`),
    clear: () => undefined,
  } as unknown as Parameters<typeof appSessionWork>[0]['alerts'];
  const sessions = appSessionWork({ bridge, history: () => history, ingest, outbox, alerts });
  const sends = new Set<Promise<unknown>>();
  return {
    snapshot(connection) {
      const run = sessions.update(connection, true);
      if (run) running = Promise.all([running, run]).then(() => undefined);
    },
    async send(to, body) {
      const from = snapshot()?.account;
      if (!from) throw new Error('No account yet');
      // The composer awaits the whole hand-over; the test only needs the row stored.
      let stored!: (row: StoredMessage) => void;
      const row = new Promise<StoredMessage>((resolve) => (stored = resolve));
      const tracking: typeof history = Object.create(history);
      tracking.addOutgoing = async (message) => {
        const r = await history.addOutgoing(message);
        stored(r);
        return r;
      };
      const done = outbox.send(tracking, { conversation: to, from, body }).catch((error: unknown) => log(`app: send threw ${String(error)}`));
      sends.add(done);
      void done.finally(() => sends.delete(done));
      return row;
    },
    async idle() {
      await running;
      await Promise.all([...sends]);
      await outbox.idle();
    },
  };
}
