// Issue 5, "Done when": a loopback TCP proxy between Glance's core and Prosody (SQL storage) cuts
// the connection at random points five times and stalls it once, and Prosody is restarted once,
// while 500 messages go each way between Glance and a peer. Afterwards every message is on both
// sides exactly once, in each sender's order, none is left pending, and Glance's history (the
// renderer's real history and ingest in Node, test/support/history-node.ts) equals the server's
// archive. The cut points are drawn from a seeded generator: FAULT_SEED=<n> replays a run.
// FAULT_LOG=1 prints the timeline; FAULT_DUMP=<dir>
// writes Prosody's log and what the client sent before any stream error there.
import { chatWith } from '../../src-shared/conversation';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { StoredMessage } from '../../src-renderer/history';
import { bare, walkArchive, type ArchiveEntry } from '../support/archive-walk';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import type { Logger } from '../../src-main/core/log';
import type { Snapshot } from '../../src-shared/contract';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startNodeRenderer, type NodeRenderer } from '../support/history-node';
import { connectPeer, makeContacts, type Peer } from '../support/peer';
import { startProsody, type TestServer } from '../support/prosody';
import { waitFor } from '../support/wait';
import { seededRandom as random } from '../support/seeded-random';

// Stall detection in seconds, not the library's minute (Connection's ackTimeoutMs/idleProbeMs;
// GlanceCore builds its Connection with the defaults, so the test subclasses it here).
const ACK_TIMEOUT_MS = 2_000;
const IDLE_PROBE_MS = 1_000;
vi.mock('../../src-main/core/session/connection', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src-main/core/session/connection')>();
  class QuickToNoticeConnection extends actual.Connection {
    constructor(...[account, log, backoff, options]: ConstructorParameters<typeof actual.Connection>) {
      super(account, log, backoff, { ackTimeoutMs: ACK_TIMEOUT_MS, idleProbeMs: IDLE_PROBE_MS, ...options });
    }
  }
  return { ...actual, Connection: QuickToNoticeConnection };
});

const MESSAGES = 500;
const PACE_MS = 30;
const FAULTS = ['cut', 'cut', 'cut', 'cut', 'cut', 'stall', 'restart'] as const;
/** Longest wait after the core is back online before the next fault. */
const MAX_FAULT_DELAY_MS = 1_500;
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const NS_SID = 'urn:xmpp:sid:0';

let server: TestServer;
let proxy: FaultProxy;
const t0 = Date.now();
const timeline: string[] = [];
function note(line: string): void {
  const entry = `+${String(Date.now() - t0).padStart(6)} ms  ${line}`;
  timeline.push(entry);
  if (process.env.FAULT_LOG) console.log(entry);
}

beforeAll(async () => {
  // tmpfs when there is one: SQLite's syncs on a disk would dominate the run.
  server = await startProsody({ sql: true, parentDir: process.platform === 'linux' ? '/dev/shm' : undefined });
  proxy = await startFaultProxy(server.port);
});

/** Run after the test whether it passed or not. */
const cleanups: (() => Promise<unknown> | unknown)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  if (process.env.FAULT_DUMP && server) writeFileSync(`${process.env.FAULT_DUMP}/prosody.log`, server.log());
  await proxy?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Multi-byte text on purpose: characters split between two TCP reads must survive. */
const outBody = (i: number) => `glance→friend ${i} 你好，世界 🙂`;
const inBody = (i: number) => `friend→glance ${i} привет 👋🏽`;
const indexOf = (body: string | undefined) => Number(/ (\d+) /.exec(body ?? '')?.[1] ?? NaN);

/**
 * The other person: a plain client connected straight to Prosody (not through the proxy). It has
 * no stream management, so when Prosody restarts under it, it reconnects at once and does what a
 * real client does: catches up from its own archive (what the server delivered to its dying
 * connection, or kept for it, is there), and asks the archive whether the message it was sending
 * got through before sending it again. So its messages reach the server exactly once, what reached
 * the server for it is seen, and Glance's side can be judged on its own.
 */
class Friend {
  readonly connections: Peer[] = [];
  /** Our messages as they reached the friend: live (or from offline storage), or by catching up. */
  readonly fromGlance: { id: string; body: string; how: 'live' | 'catch-up' }[] = [];
  private connecting: Promise<void> | undefined;
  private stopping = false;
  private lastSeen = Date.now();

  constructor(
    private readonly jid: string,
    private readonly me: string,
  ) {}

  get peer(): Peer {
    return this.connections.at(-1)!;
  }

  get online(): boolean {
    return this.connections.length > 0 && this.peer.client.status === 'online';
  }

  /** Every stanza received, over every connection, in order. */
  received(): Element[] {
    return this.connections.flatMap((p) => p.received);
  }

  connect(): Promise<void> {
    this.connecting ??= (async () => {
      const old = this.connections.at(-1);
      if (old) await old.stop().catch(() => undefined);
      for (let attempt = 1; ; attempt++) {
        try {
          const peer = await connectPeer(server, this.jid, 'pw', { resource: 'friend' });
          this.connections.push(peer);
          peer.client.on('stanza', (stanza) => this.take(stanza));
          for (const stanza of peer.received) this.take(stanza);
          peer.client.on('disconnect', () => {
            if (!this.stopping && this.peer === peer) setTimeout(() => void this.connect().catch(() => undefined), 50);
          });
          if (old) {
            note(`friend reconnected (connection ${this.connections.length})`);
            await this.catchUp();
          }
          return;
        } catch (error) {
          if (attempt > 100) throw error;
          await sleep(200);
        }
      }
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Sends message `i` so that the server processes it exactly once. */
  async deliver(i: number): Promise<void> {
    const id = `friend-${i}`;
    const since = new Date(Date.now() - 5_000);
    for (;;) {
      if (!this.online) await this.connect();
      const peer = this.peer;
      try {
        await peer.send(
          xml(
            'message',
            { to: this.me, type: 'chat', id },
            xml('body', {}, inBody(i)),
            xml('origin-id', { xmlns: NS_SID, id }),
            xml('request', { xmlns: 'urn:xmpp:receipts' }),
            xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' }),
          ),
        );
        // The server handles a client's stanzas in order: once this is answered, the message was.
        await peer.client.iqCaller.request(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' })), 5_000);
        return;
      } catch {
        await this.connect();
        const archived = await walkArchive(this.peer, { with: this.me, start: since }).catch(() => undefined);
        if (archived?.some((e) => e.originId === id || e.id === id)) return;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.connections.map((p) => p.stop().catch(() => undefined)));
  }

  /** One of our messages arriving live (raw: a second copy with the same id counts again). */
  private take(stanza: Element): void {
    if (!stanza.is('message') || !stanza.attrs.from || bare(stanza.attrs.from) !== this.me || stanza.getChild('result', 'urn:xmpp:mam:2')) return;
    const body = stanza.getChildText('body');
    if (body === null) return;
    this.lastSeen = Date.now();
    this.fromGlance.push({ id: stanza.attrs.id ?? '', body, how: 'live' });
  }

  /** What the server archived for us from Glance since shortly before the last thing seen, not seen yet. */
  private async catchUp(): Promise<void> {
    const entries = await walkArchive(this.peer, { with: this.me, start: new Date(this.lastSeen - 10_000) }).catch(() => []);
    const seen = new Set(this.fromGlance.map((m) => m.id));
    let added = 0;
    for (const e of entries) {
      const id = e.originId ?? e.id ?? '';
      if (bare(e.from) !== this.me || e.body === undefined || seen.has(id)) continue;
      seen.add(id);
      this.fromGlance.push({ id, body: e.body, how: 'catch-up' });
      added += 1;
    }
    if (added > 0) note(`friend caught up ${added} of our messages from its archive`);
  }
}

it('loses nothing and repeats nothing through five cuts, a stall and a server restart, 500 messages each way', async () => {
  const random01 = random(SEED);
  console.log(`fault test: FAULT_SEED=${SEED}`);
  const started = Date.now();

  const me = await server.register('glance', 'pw');
  const friendJid = await server.register('friend', 'pw');
  // Contacts both ways, so the core sends receipts (extra traffic, as in real use).
  const myPhone = await connectPeer(server, me, 'pw', { resource: 'setup' });
  const friend = new Friend(friendJid, me);
  cleanups.push(() => friend.stop());
  await friend.connect();
  await makeContacts(myPhone, friend.peer);
  await myPhone.stop();

  const c = coreUnderTest({
    debug: () => undefined,
    info: (m, ...d) => note(`core info: ${m} ${brief(d)}`),
    warn: (m, ...d) => note(`core warn: ${m} ${brief(d)}`),
    error: (m, ...d) => note(`core error: ${m} ${brief(d)}`),
  });
  const renderer: NodeRenderer = await startNodeRenderer(c.core, { account: me, log: note });
  cleanups.push(
    () => c.core.stop(),
    () => renderer.stop(),
  );
  let lastState = '';
  let drops = 0;
  c.core.on('snapshot', (s) => {
    const conn = s.connection;
    if (conn.status !== 'online' && lastState.startsWith('online')) drops += 1;
    const line =
      conn.status === 'online'
        ? `online, session ${conn.session}`
        : conn.status === 'connecting'
          ? `connecting (${conn.lastError?.detail ?? 'first'})`
          : conn.status;
    if (line !== lastState) note(`core ${line}`);
    lastState = line;
  });
  expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${proxy.port}`, remember: false })).toEqual({ ok: true, value: undefined });
  const online = () => c.latest()?.connection.status === 'online';
  await waitFor(online, { message: 'the core online' });

  // Traffic both ways, paced, while the faults happen.
  let sentOut = 0;
  let sentIn = 0;
  const outgoing = (async () => {
    for (let i = 1; i <= MESSAGES; i++) {
      await renderer.send(chatWith(friendJid), outBody(i));
      sentOut = i;
      await sleep(PACE_MS);
    }
  })();
  const incoming = (async () => {
    for (let i = 1; i <= MESSAGES; i++) {
      const begun = Date.now();
      await friend.deliver(i);
      sentIn = i;
      await sleep(Math.max(0, PACE_MS - (Date.now() - begun)));
    }
  })();

  // The faults, in a seeded order, each at a seeded delay after the core is back online (0 ms
  // included: a cut may land in the middle of setting up a session or of an archive sync).
  const order = FAULTS.map((f) => ({ f, k: random01() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.f);
  const faults = (async () => {
    for (const fault of order) {
      await waitFor(online, { timeout: 30_000, message: () => `the core back online; ${c.latest()?.connection.status}` });
      await sleep(Math.floor(random01() * MAX_FAULT_DELAY_MS));
      const session = (c.latest().connection as { session?: number }).session;
      note(`FAULT ${fault} (core session ${session}, ${sentOut} sent by glance, ${sentIn} by friend)`);
      const dropsBefore = drops;
      const applied = Date.now();
      if (fault === 'cut') proxy.cut();
      else if (fault === 'stall') proxy.stall();
      else await server.restart();
      // Counted from the snapshots, as the core may be back online before a restart returns.
      await waitFor(() => drops > dropsBefore || !online(), {
        timeout: 15_000,
        message: () =>
          `the core to notice the ${fault} (seed ${SEED}; proxy connections ${proxy.open}); ${JSON.stringify(c.latest()?.connection)}\n${timeline.join('\n')}`,
      });
      note(`core noticed the ${fault} within ${Date.now() - applied} ms`);
    }
  })();

  await Promise.all([outgoing, incoming, faults]);
  note('traffic and faults done');

  // Everything settles: both sides hold all 500 of the other's messages and nothing is pending.
  const distinctAtFriend = () => new Set(friend.fromGlance.map((m) => m.id)).size;
  let progress = '';
  await waitFor(
    async () => {
      if (!online()) return false;
      await renderer.settle();
      const rows = await renderer.conversation(chatWith(friendJid));
      const pending = await renderer.pending();
      const incomingRows = rows.filter((r) => r.direction === 'in').length;
      const have = new Set(rows.filter((r) => r.direction === 'in').map((r) => indexOf(r.body)));
      const missing = range(MESSAGES).filter((i) => !have.has(i));
      const seen = (i: number) =>
        renderer.delivered.filter((m) => m.direction === 'in' && indexOf(m.body) === i).map((m) => `${m.via}${m.stanzaId ? '' : '(no sid)'}`);
      const atFriend = new Set(friend.fromGlance.map((m) => indexOf(m.body)));
      const lostOut = rows.filter((r) => r.direction === 'out' && !atFriend.has(indexOf(r.body)));
      const lost = lostOut.slice(0, 3).map((r) => `${r.body} [${r.status}]: ${(renderer.trace.get(r.originId ?? '') ?? []).join(', ')}`);
      const why = pending.slice(0, 3).map((p) => `${p.body}: ${(renderer.trace.get(p.originId ?? '') ?? []).join(', ')} ${JSON.stringify(p)}`);
      progress = `not at the friend: ${lost.join(' / ')}; pending: ${why.join(' / ')}; missing incoming ${missing
        .slice(0, 20)
        .map((i) => `#${i} delivered as [${seen(i).join(',')}]`)
        .join('; ')}; history has ${incomingRows} incoming, ${pending.length} pending [${pending
        .slice(0, 3)
        .map((p) => p.body)
        .join(' | ')}]; friend has ${distinctAtFriend()} distinct`;
      return incomingRows >= MESSAGES && pending.length === 0 && distinctAtFriend() >= MESSAGES;
    },
    {
      timeout: 40_000,
      interval: 250,
      message: () =>
        `both sides complete (seed ${SEED}): ${progress}; core ${JSON.stringify(c.latest().connection)}\n${timeline.join('\n')}\n${prosodyTrouble()}\n${streamErrors()}`,
    },
  );
  await renderer.settle();
  note('settled');

  // What the server archived, for both accounts, walked by plain clients.
  const walker = await connectPeer(server, me, 'pw', { resource: 'walker', initialPresence: false });
  const myArchive = (await walkArchive(walker, { with: friendJid })).filter((e) => e.body !== undefined);
  await walker.stop();
  const friendArchive = (await walkArchive(friend.peer, { with: me })).filter((e) => e.body !== undefined && bare(e.from) === me);

  const rows = await renderer.conversation(chatWith(friendJid));
  const report = summarise({ rows, myArchive, friendArchive, atFriend: friend.fromGlance, renderer, me, friendJid });
  console.log(`fault test (seed ${SEED}) in ${Date.now() - started} ms:\n${report.lines.join('\n')}`);
  if (process.env.FAULT_LOG) console.log(`${timeline.join('\n')}\n${streamErrors()}`);

  // Glance's history: each message once, in each sender's order, none pending, intact.
  const inRows = rows.filter((r) => r.direction === 'in');
  const outRows = rows.filter((r) => r.direction === 'out');
  expect(
    inRows.map((r) => r.body),
    "incoming in history, in the friend's order, once each",
  ).toEqual(range(MESSAGES).map(inBody));
  expect(
    outRows.map((r) => r.body),
    'outgoing in history, in our order, once each',
  ).toEqual(range(MESSAGES).map(outBody));
  expect(
    outRows.filter((r) => r.status === 'pending' || r.status === 'failed'),
    'outgoing left pending or failed',
  ).toEqual([]);

  // The friend: every one of our messages, distinct by id, in our order; raw duplicates only
  // with the same id (the spec lets the peer drop those), reported above.
  expect(report.friendDistinctBodies, 'our messages at the friend (distinct ids, in the order they reached it)').toEqual(range(MESSAGES).map(outBody));
  expect(report.friendArchiveDistinctBodies, "our messages in the friend's archive (distinct ids, archive order)").toEqual(range(MESSAGES).map(outBody));

  // Glance's history equals the server's archive: the same messages (incoming by stanza-id,
  // ours by origin-id, since a resend the server already had is archived twice with one origin-id),
  // the same text, and every stanza-id history keeps is the archive's.
  expect(report.archiveVsHistory, 'differences between the archive and history').toEqual([]);
}, 115_000);

/** Prosody's warnings and errors, to explain a failure. */
function prosodyTrouble(): string {
  return server
    .log()
    .split('\n')
    .filter((l) => /\b(warn|error)\b/.test(l))
    .slice(-40)
    .join('\n');
}

function streamErrors(): string {
  if (process.env.FAULT_DUMP) proxy.streamErrors.forEach((e, i) => writeFileSync(`${process.env.FAULT_DUMP}/stream-error-${i}.xml`, e.clientTail));
  return proxy.streamErrors
    .map((e) => `stream error ${e.error} at +${e.at - t0} ms after the client sent ${e.clientTail.length} characters, ending:\n${e.clientTail.slice(-2000)}`)
    .join('\n');
}

/** Glance's real core (as test/support/core.ts makes it), logging into the timeline. */
function coreUnderTest(log: Logger): { core: GlanceCore; latest(): Snapshot } {
  const core = new GlanceCore({
    accounts: memoryAccountStore(),
    preferences: memoryPreferencesStore(),
    log,
    systemLocale: () => 'en-US',
    openExternal: async () => undefined,
  });
  let latest: Snapshot | undefined;
  core.on('snapshot', (s) => (latest = s));
  return { core, latest: () => latest as Snapshot };
}

function brief(details: unknown[]): string {
  return details
    .map((d) => (d instanceof Error ? `${d.name}: ${d.message}` : typeof d === 'string' ? d.slice(0, 200) : JSON.stringify(d)?.slice(0, 200)))
    .join(' ');
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function distinctInOrder<T>(items: T[], key: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (k === undefined || seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

function summarise(input: {
  rows: StoredMessage[];
  myArchive: ArchiveEntry[];
  friendArchive: ArchiveEntry[];
  atFriend: Friend['fromGlance'];
  renderer: NodeRenderer;
  me: string;
  friendJid: string;
}) {
  const { rows, myArchive, friendArchive, atFriend, renderer, me, friendJid } = input;
  const lines: string[] = [];
  const differences: string[] = [];

  // Archive vs history.
  const archiveIn = myArchive.filter((e) => bare(e.from) === friendJid);
  const archiveOut = myArchive.filter((e) => bare(e.from) === me);
  const inRows = rows.filter((r) => r.direction === 'in');
  const outRows = rows.filter((r) => r.direction === 'out');
  const archiveInBySid = new Map(archiveIn.map((e) => [e.stanzaId, e]));
  for (const row of inRows) {
    const entry = row.stanzaId ? archiveInBySid.get(row.stanzaId) : undefined;
    if (!entry) differences.push(`incoming in history, not in the archive: ${row.stanzaId ?? '(no stanza-id)'} ${row.body}`);
    else if (entry.body !== row.body)
      differences.push(`incoming ${row.stanzaId}: archive says ${JSON.stringify(entry.body)}, history ${JSON.stringify(row.body)}`);
  }
  const historyInSids = new Set(inRows.map((r) => r.stanzaId));
  for (const entry of archiveIn)
    if (!historyInSids.has(entry.stanzaId)) differences.push(`incoming in the archive, not in history: ${entry.stanzaId} ${entry.body}`);
  const archiveOutByOrigin = new Map<string, ArchiveEntry[]>();
  for (const e of archiveOut) {
    const k = e.originId ?? e.id ?? e.stanzaId;
    archiveOutByOrigin.set(k, [...(archiveOutByOrigin.get(k) ?? []), e]);
  }
  const historyOutByOrigin = new Map<string, StoredMessage[]>();
  for (const r of outRows) {
    const k = r.originId ?? r.id ?? r.key;
    historyOutByOrigin.set(k, [...(historyOutByOrigin.get(k) ?? []), r]);
  }
  for (const [origin, copies] of historyOutByOrigin) {
    const archived = archiveOutByOrigin.get(origin);
    if (!archived) {
      differences.push(`ours in history, not in the archive: ${origin} ${copies[0]!.body}`);
      continue;
    }
    for (const row of copies) {
      if (row.body !== archived[0]!.body)
        differences.push(`ours ${origin}: archive says ${JSON.stringify(archived[0]!.body)}, history ${JSON.stringify(row.body)}`);
      if (row.stanzaId && !archived.some((e) => e.stanzaId === row.stanzaId))
        differences.push(`ours ${origin}: history keeps stanza-id ${row.stanzaId}, not the archive's`);
    }
  }
  for (const [origin, archived] of archiveOutByOrigin)
    if (!historyOutByOrigin.has(origin)) differences.push(`ours in the archive, not in history: ${origin} ${archived[0]!.body}`);

  const serverDuplicates = [...archiveOutByOrigin.values()].filter((a) => a.length > 1).length;
  const historyDuplicates = [...historyOutByOrigin.values()].filter((r) => r.length > 1).length;
  const live = atFriend.filter((m) => m.how === 'live');
  const liveIds = live.map((m) => m.id);
  const liveDuplicates = liveIds.length - new Set(liveIds).size;
  const dupIds = [...new Set(liveIds.filter((id, i) => liveIds.indexOf(id) !== i))];
  for (const id of dupIds.slice(0, 5)) lines.push(`  DUP ${id}: ${(renderer.trace.get(id) ?? []).join(', ')}`);
  const resent = [...renderer.handOvers.values()].filter((n) => n > 1).length;
  const sessions = new Set(renderer.syncs.map((s) => s.session)).size;
  lines.push(
    `  sessions: ${sessions}; archive syncs: ${renderer.syncs.map((s) => `${s.session}:${s.result?.ok ? s.result.value.count : `failed(${s.result && !s.result.ok ? s.result.error : 'no answer'})`}`).join(' ')}`,
  );
  lines.push(`  our messages handed to the core more than once (after an 'offline' answer, or again in a new session): ${resent}`);
  lines.push(
    `  the friend received ${live.length} of our messages live (${liveDuplicates} raw duplicates, same id), ${atFriend.length - live.length} more by catching up from its archive after reconnecting; its archive holds ${friendArchive.length} (${friendArchive.length - new Set(friendArchive.map((e) => e.originId ?? e.id)).size} duplicates)`,
  );
  lines.push(
    `  our archive: ${archiveIn.length} from the friend, ${archiveOut.length} ours (${serverDuplicates} origin-ids archived more than once); history: ${inRows.length} in, ${outRows.length} out (${historyDuplicates} origin-ids on more than one row)`,
  );
  lines.push(
    `  core deliveries to the renderer: ${renderer.delivered.length} (${renderer.delivered.filter((m) => m.via === 'archive').length} from the archive)`,
  );
  const firstArrivals = distinctInOrder(atFriend, (m) => m.id);
  const late = firstArrivals.filter((m, i) => i > 0 && indexOf(m.body) < indexOf(firstArrivals[i - 1]!.body));
  for (const m of late.slice(0, 3)) lines.push(`  at the friend out of order: ${m.body} (${m.how}): ${(renderer.trace.get(m.id) ?? []).join(', ')}`);
  for (const [label, list] of [
    ['incoming', inRows],
    ['outgoing', outRows],
  ] as const) {
    const broken = list.flatMap((row, i) => (i > 0 && indexOf(row.body) < indexOf(list[i - 1]!.body) ? [i] : []));
    if (broken.length === 0) continue;
    const show = (r: StoredMessage) => `#${indexOf(r.body)} t=${new Date(r.timestamp).toISOString().slice(17)} order=${r.order} via=${r.via ?? '-'}`;
    lines.push(`  ${label} out of the sender's order in history at ${broken.length} places, e.g.:`);
    for (const i of broken.slice(0, 4))
      lines.push(
        `    ${list
          .slice(Math.max(0, i - 2), i + 2)
          .map(show)
          .join('  |  ')}`,
      );
  }
  lines.push(`  archive vs history differences: ${differences.length}${differences.length ? `\n    ${differences.slice(0, 10).join('\n    ')}` : ''}`);

  return {
    lines,
    archiveVsHistory: differences,
    friendDistinctBodies: distinctInOrder(atFriend, (m) => m.id).map((m) => m.body),
    friendArchiveDistinctBodies: distinctInOrder(friendArchive, (e) => e.originId ?? e.id).map((e) => e.body),
    indexOf,
  };
}
