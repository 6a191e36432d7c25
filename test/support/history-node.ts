import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  ConnectionState,
  ConversationRef,
  Result,
  Snapshot,
  SyncError,
  WireMessage,
} from '../../src-shared/contract';
import { dispatchCommand } from '../../src-main/core/dispatch';
import type { GlanceCore } from '../../src-main/core/glance-core';
import { openHistory, type History, type StoredMessage } from '../../src-renderer/history';
import { HistoryWork, type HistoryBridge } from '../../src-renderer/app/history-work';

/**
 * "Glance's history" in Node: the renderer's real history (Dexie on fake-indexeddb) and the app's
 * own `HistoryWork` (ingest, outbox, archive sync on every new session: exactly what
 * app.svelte.ts runs), fed by Glance's real core through a bridge of its commands and events.
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
  result?: Result<{ count: number; through: number }, SyncError>;
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

  // What the renderer's commands came to, for the tests' reports.
  const observe = async (name: CommandName, request: unknown, response: Promise<unknown>) => {
    if (name === 'sendMessage') {
      const { id } = request as CommandRequest<'sendMessage'>;
      handOvers.set(id, (handOvers.get(id) ?? 0) + 1);
      const session = sessionOf(snapshot?.connection);
      const result = (await response) as CommandResponse<'sendMessage'>;
      traced(id, `handed over in session ${session ?? '-'}: ${result.ok ? 'taken' : result.error}`);
    } else if (name === 'syncArchive') {
      const { archive, after } = request as CommandRequest<'syncArchive'>;
      const record: SyncRecord = { session: sessionOf(snapshot?.connection) ?? -1, ...(archive ? { archive } : {}), after, at: Date.now() };
      syncs.push(record);
      log(`sync (session ${record.session}) of ${archive ?? 'our archive'} after ${record.after ?? '(none: recent history)'}`);
      const result = (await response) as CommandResponse<'syncArchive'>;
      record.result = result;
      record.ms = Date.now() - record.at;
      log(
        `sync (session ${record.session}) ${result.ok ? `ok, ${result.value.count} messages through event ${result.value.through}` : `failed: ${result.error}`} in ${record.ms} ms`,
      );
    }
  };
  // The bridge as the renderer sees it: the core's commands (through the dispatch the preview and
  // the shell use) and its history events, nothing else.
  const bridge: HistoryBridge = {
    invoke<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>> {
      // Untyped on the way, as over IPC or the preview's WebSocket.
      const response = dispatchCommand(core, name, request) as Promise<CommandResponse<K>>;
      void observe(name, request, response).catch(() => undefined);
      return response;
    },
    on(name, listener) {
      core.on(name, listener);
      return () => core.off(name, listener);
    },
  };

  const work = new HistoryWork(bridge, {
    report: (key, error, code) => {
      if (key === 'error.store') errors.push(error);
      log(`app alert ${key}: ${code ?? String(error)}`);
    },
    clear: () => undefined,
  });
  const onSnapshot = (s: Snapshot) => {
    snapshot = s;
    work.setConnection(s.connection);
  };
  core.on('snapshot', onSnapshot);
  const stops = [
    () => core.off('snapshot', onSnapshot),
    bridge.on('history', (events) => {
      for (const event of events) {
        if (event.kind === 'message') delivered.push(event.message);
        if (event.kind === 'status') traced(event.status.id, `status ${event.status.status} (session ${sessionOf(snapshot?.connection) ?? '-'})`);
      }
    }),
    work.start(),
  ];
  // Attached before the core's first event: there is no replay to wait for.
  work.begin();
  work.useHistory(history);

  return {
    history,
    syncs,
    delivered,
    handOvers,
    trace,
    send(to, body) {
      const from = snapshot?.account;
      if (!from) return Promise.reject(new Error('No account yet'));
      return work.send({ conversation: to, from, body });
    },
    async settle() {
      // The core hands events over once per turn of its event loop.
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        await work.idle();
      }
      if (errors.length > 0) throw new Error(`history writes failed: ${errors.map(String).join('; ')}`);
    },
    pending: () => history.pendingOutgoing(),
    conversation: (conversation) => history.latest(conversation, 1_000_000),
    stop() {
      for (const stop of stops) stop();
      history.close();
    },
  };
}

function sessionOf(connection: ConnectionState | undefined): number | undefined {
  return connection?.status === 'online' ? connection.session : undefined;
}
