// Issue 5, "Hostile and broken input", against Glance's real core signed in to a real Prosody.
// What a peer can send goes through the server (which validates XML and stamps `from`); what the
// server would never relay (malformed XML, invalid UTF-8, stanzas without or with invalid `from`)
// is injected into the server→client direction by a loopback proxy (test/support/fault-proxy.ts).
// Every case asserts that the core survives (online, or back online by itself; no uncaught
// exception or unhandled rejection in this process; a later normal message still arrives) and that
// the bad input was dropped or shown safely: never in history as something it is not (history is
// the renderer's real one, in Node: test/support/history-node.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { EphemeralEvent, Snapshot } from '../../src-shared/contract';
import type { StoredMessage } from '../../src-renderer/history';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { consoleLogger, silentLogger } from '../../src-main/core/log';
import type { Connection } from '../../src-main/core/session/connection';
import { walkArchive } from '../support/archive-walk';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startNodeRenderer, type NodeRenderer } from '../support/history-node';
import { connectPeer, makeContacts, type Peer } from '../support/peer';
import { startProsody, type TestServer } from '../support/prosody';
import { waitFor } from '../support/wait';
import { chatWith } from '../../src-shared/conversation';

// Stall detection in seconds (a truncated stanza leaves the stream waiting forever), and a way to
// reach the core's Connection (its full JID, an XEP-0199 ping through it).
const connections: Connection[] = [];
vi.mock('../../src-main/core/session/connection', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src-main/core/session/connection')>();
  class ObservedConnection extends actual.Connection {
    constructor(...[account, log, backoff, options]: ConstructorParameters<typeof actual.Connection>) {
      super(account, log, backoff, { ackTimeoutMs: 2_000, idleProbeMs: 1_000, ...options });
      connections.push(this);
    }
  }
  return { ...actual, Connection: ObservedConnection };
});

const NS_SID = 'urn:xmpp:sid:0';
const NS_CARBONS = 'urn:xmpp:carbons:2';
const NS_FORWARD = 'urn:xmpp:forward:0';
const NS_MAM = 'urn:xmpp:mam:2';
const NS_ROSTER = 'jabber:iq:roster';

let server: TestServer;
let n = 0;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  server = await startProsody();
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  connections.splice(0);
  // Nothing escaped to the process: in Electron's main process it would have been fatal.
  expect(crashes, 'uncaught exceptions or unhandled rejections').toEqual([]);
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await server?.stop();
});

interface Scene {
  me: string;
  friendJid: string;
  friend: Peer;
  core: GlanceCore;
  renderer: NodeRenderer;
  proxy: FaultProxy;
  snapshots: Snapshot[];
  /** Every ephemeral event, and how many batches brought them. */
  ephemeral: EphemeralEvent[];
  ephemeralBatches(): number;
  connection(): Connection;
  online(): boolean;
  /** A normal message from the friend, after the bad input: it must arrive, once. */
  fence(label?: string): Promise<void>;
  /** Everything in the conversation with `peer` (the friend by default). */
  rows(peer?: string): Promise<StoredMessage[]>;
  /** Every row of every conversation whose body contains `text`. */
  find(text: string): Promise<StoredMessage[]>;
  /** The core kept the connection it signed in with: what it was sent did not make it drop the stream. */
  expectSameConnection(): void;
  /** Writes to the core as if the server had sent it, once the stream is quiet; `stanzas`: how many whole ones it holds. */
  inject(data: string | Buffer, stanzas?: number): Promise<void>;
}

/** Fresh accounts; the core signs in through its own proxy; the friend connects directly. */
async function scene(options: { contacts?: boolean } = {}): Promise<Scene> {
  n += 1;
  const [me, friendJid] = await Promise.all([server.register(`me${n}`, 'pw'), server.register(`friend${n}`, 'pw')]);
  const friend = await connectPeer(server, friendJid, 'pw', { resource: 'friend' });
  cleanups.push(() => friend.stop().catch(() => undefined));
  if (options.contacts) {
    const phone = await connectPeer(server, me, 'pw', { resource: 'setup' });
    await makeContacts(phone, friend);
    await phone.stop();
  }
  const proxy = await startFaultProxy(server.port);
  cleanups.push(() => proxy.close());
  const core = new GlanceCore({
    accounts: memoryAccountStore(),
    preferences: memoryPreferencesStore(),
    log: process.env.GLANCE_TEST_LOG ? consoleLogger('core') : silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async () => undefined,
  });
  const snapshots: Snapshot[] = [];
  core.on('snapshot', (s) => snapshots.push(s));
  const ephemeral: EphemeralEvent[] = [];
  let ephemeralBatches = 0;
  core.on('ephemeral', (batch) => {
    ephemeralBatches += 1;
    ephemeral.push(...batch);
  });
  const renderer = await startNodeRenderer(core, { account: me });
  cleanups.push(() => renderer.stop());
  cleanups.push(() => core.stop());
  expect(await core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${proxy.port}`, remember: false })).toEqual({ ok: true, value: undefined });
  const online = () => snapshots.at(-1)?.connection.status === 'online';
  await waitFor(online, { message: 'the core online' });
  const connection = connections.at(-1)!;
  const acceptedAtStart = proxy.accepted;
  // Settled: roster, carbons, presence, the first archive sync.
  await renderer.settle();
  let fences = 0;
  const s: Scene = {
    me,
    friendJid,
    friend,
    core,
    renderer,
    proxy,
    snapshots,
    ephemeral,
    ephemeralBatches: () => ephemeralBatches,
    connection: () => connection,
    online,
    async fence(label = 'fence') {
      fences += 1;
      const body = `${label} ${fences}`;
      await waitFor(online, { timeout: 20_000, message: () => `the core back online: ${JSON.stringify(snapshots.at(-1)?.connection)}` });
      await friend.sendChat(me, body);
      await waitFor(async () => (await s.rows()).some((r) => r.body === body), { timeout: 15_000, message: `"${body}" in history` });
      await renderer.settle();
      expect(
        (await s.rows()).filter((r) => r.body === body),
        `"${body}" once`,
      ).toHaveLength(1);
    },
    rows: (jid = friendJid) => renderer.conversation(chatWith(jid)),
    async find(text) {
      const conversations = await renderer.history.conversations();
      const all = await Promise.all(conversations.map((c) => renderer.conversation(c.conversation)));
      return all.flat().filter((r) => r.body.includes(text));
    },
    expectSameConnection() {
      expect(online(), 'online').toBe(true);
      expect(proxy.accepted, 'connections the core made').toBe(acceptedAtStart);
    },
    async inject(data, stanzas = 0) {
      await proxy.quiet();
      expect(proxy.inject(data, stanzas), 'a live connection to inject into').toBe(true);
    },
  };
  return s;
}

function chat(from: string, to: string, body: string, id: string, ...children: Element[]): Element {
  return xml('message', { from, to, type: 'chat', id }, xml('body', {}, body), ...children);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a broken stream from the server', () => {
  const cases: [string, (s: Scene) => string | Buffer][] = [
    ['a mismatched end tag', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-1'><body>broken</bod></message>`],
    ['an undefined entity', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-2'><body>broken &bogus;</body></message>`],
    ['a character reference XML forbids', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-3'><body>broken &#0;</body></message>`],
    ['a control character', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-4'><body>broken \u0001</body></message>`],
    [
      'invalid UTF-8',
      (s) =>
        Buffer.concat([
          Buffer.from(`<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-5'><body>broken `),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('</body></message>'),
        ]),
    ],
    // RFC 6120 §11.1 (docs/architecture.md, "The stream parser"): ltx would have skipped it.
    ['a comment (restricted XML)', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-7'><body>broken <!-- x --></body></message>`],
    [
      'a stanza nested past the limit',
      (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-8'><body>broken</body>${'<x>'.repeat(100)}${'</x>'.repeat(100)}</message>`,
    ],
    // Never completed: everything after it would nest inside it. Only the stall watch notices.
    ['a stanza cut off in the middle', (s) => `<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='bad-6'><body>broken`],
  ];

  it.each(cases)('%s: the stream is dropped and reconnected, nothing the friend sent meanwhile is lost or doubled', async (_name, bad) => {
    const s = await scene();
    await s.fence('before');
    const sessionBefore = (s.snapshots.at(-1)!.connection as { session: number }).session;
    const accepted = s.proxy.accepted;
    await s.inject(bad(s));
    // The friend keeps writing while the core notices and reconnects.
    const during: string[] = [];
    for (let i = 1; i <= 5; i++) {
      during.push(`during ${i}`);
      await s.friend.sendChat(s.me, `during ${i}`);
      // Paced, so the messages fall before, during and after the reconnection (not a wait for a condition).
      await sleep(50);
    }
    await waitFor(() => s.proxy.accepted > accepted && s.online(), { timeout: 15_000, message: 'a new connection, online' });
    await s.fence('after');
    const rows = await s.rows();
    for (const body of during)
      expect(
        rows.filter((r) => r.body === body),
        `"${body}" once`,
      ).toHaveLength(1);
    expect(await s.find('broken'), 'the broken stanza in history').toEqual([]);
    // It came back as a new session (the broken stream was closed) or a resumed one; either way history caught up.
    expect((s.snapshots.at(-1)!.connection as { session: number }).session).toBeGreaterThanOrEqual(sessionBefore);
  });

  it('keeps a multi-byte character split between two TCP reads intact', async () => {
    const s = await scene();
    const body = `split 😀 between reads: 你好`;
    const bytes = Buffer.from(`<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='split-1'><body>${body}</body></message>`);
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    await s.proxy.quiet();
    expect(await s.proxy.injectApart([bytes.subarray(0, cut), bytes.subarray(cut)], 100, 1)).toBe(true);
    await waitFor(async () => (await s.rows()).some((r) => r.id === 'split-1'), { message: 'the split message in history' });
    expect((await s.rows()).find((r) => r.id === 'split-1')?.body).toBe(body);
    await s.fence();
    s.expectSameConnection();
  });
});

describe('missing, unknown and invalid attributes', () => {
  it('stores what a peer sends without id or type, with two bodies or unknown children, as from that peer', async () => {
    const s = await scene();
    const to = s.me;
    await s.friend.send(xml('message', { to, type: 'chat' }, xml('body', {}, 'no id')));
    await s.friend.send(xml('message', { to, id: 'no-type' }, xml('body', {}, 'no type')));
    await s.friend.send(xml('message', { to, type: 'chat', id: 'two-bodies' }, xml('body', {}, 'first body'), xml('body', {}, 'second body')));
    await s.friend.send(
      xml(
        'message',
        { to, type: 'chat', id: 'unknown', 'x-unknown': 'attr' },
        xml('weird', { xmlns: 'urn:example:unknown' }, xml('deep', {}, 'text')),
        xml('body', {}, 'unknown children'),
      ),
    );
    await s.fence();
    s.expectSameConnection();
    const rows = await s.rows();
    const byBody = (body: string) => rows.filter((r) => r.body === body);
    for (const body of ['no id', 'no type', 'first body', 'unknown children']) {
      expect(byBody(body), body).toHaveLength(1);
      expect(byBody(body)[0], body).toMatchObject({ direction: 'in', conversation: chatWith(s.friendJid) });
    }
    expect(byBody('second body')).toEqual([]);
  });

  it('never attributes a message without `from` (from our own account) or with an invalid one to anybody else', async () => {
    const s = await scene();
    const full = s.connection().client.jid!.toString();
    // No `from`: RFC 6120 §8.1.2.1, from our own account (the server).
    await s.inject(`<message to='${full}' type='chat' id='nofrom-1'><body>no from at all</body></message>`, 1);
    // Invalid JIDs the server would never relay, three of them looking just like the friend.
    for (const [i, from] of [
      'a@b@c/x',
      '@localhost',
      'not a jid',
      `${s.friendJid} /x`,
      '',
      `${s.friendJid}\u00a0/x`,
      `fri\u200b${s.friendJid.slice(3)}/x`,
    ].entries()) {
      await s.inject(`<message from='${from}' to='${full}' type='chat' id='badfrom-${i}'><body>bad from ${i}</body></message>`, 1);
    }
    await s.fence();
    s.expectSameConnection();
    const noFrom = await s.find('no from at all');
    for (const row of noFrom) expect(row, 'a message without from').toMatchObject({ conversation: chatWith(s.me) });
    expect(await s.find('bad from'), 'messages from invalid addresses').toEqual([]);
    const conversations = (await s.renderer.history.conversations()).map((c) => c.conversation.jid);
    expect(
      conversations.filter((jid) => jid !== s.friendJid && jid !== s.me),
      'conversations with invalid addresses',
    ).toEqual([]);
  });

  it('ignores presence and subscription requests from invalid addresses', async () => {
    const s = await scene({ contacts: true });
    const full = s.connection().client.jid!.toString();
    for (const from of ['a@b@c/x', `${s.friendJid} `, 'not a jid', '@localhost']) {
      await s.inject(`<presence from='${from}' to='${full}'><show>dnd</show></presence>`, 1);
      await s.inject(`<presence from='${from}' to='${s.me}' type='subscribe'/>`, 1);
    }
    await s.fence();
    s.expectSameConnection();
    // The core's state now (its snapshot events are coalesced): everything before the fence is applied.
    const snapshot = await s.core.getSnapshot();
    expect(snapshot.requests, 'subscription requests from invalid addresses').toEqual([]);
    expect(snapshot.contacts.map((c) => c.jid)).toEqual([s.friendJid]);
  });

  it('takes roster pushes only from our own account, and skips invalid items in them', async () => {
    const s = await scene();
    const full = s.connection().client.jid!.toString();
    // A stranger (the friend) sends a roster push straight to our full JID: Prosody relays it.
    const reply = await s.friend
      .iq(
        xml('iq', { type: 'set', to: full }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: 'evil@localhost', subscription: 'both', name: 'Trusted' }))),
      )
      .then(
        () => 'result',
        (error: { condition?: string }) => `error ${error.condition ?? ''}`,
      );
    expect(reply).toMatch(/^error/);
    // A push from the server (no `from`) with invalid items among valid ones.
    await s.inject(
      `<iq type='set' id='push-1'><query xmlns='${NS_ROSTER}'>` +
        `<item jid='a@b@c' subscription='both'/><item jid='not a jid' subscription='both'/><item jid='' subscription='both'/>` +
        `<item jid='valid@localhost' subscription='both' name='&lt;img src=x onerror=alert(1)&gt;'/></query></iq>`,
      1,
    );
    await s.fence();
    s.expectSameConnection();
    const contacts = (await s.core.getSnapshot()).contacts;
    expect(contacts.map((c) => c.jid)).toEqual(['valid@localhost']);
    // The name is kept as text; the renderer shows it as text.
    expect(contacts[0]!.name).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('floods and size', () => {
  it('stays responsive through a 50,000-stanza presence flood from a contact and ends with the last presence', async () => {
    const s = await scene({ contacts: true });
    const friendNow = () =>
      s.ephemeral.findLast((e) => e.kind === 'presence' && e.jid === s.friendJid) as Extract<EphemeralEvent, { kind: 'presence' }> | undefined;
    await waitFor(
      async () => friendNow()?.presence === 'available' || (await s.core.getSnapshot()).contacts.find((c) => c.jid === s.friendJid)?.presence === 'available',
      { message: 'the friend available' },
    );
    const TOTAL = 50_000;
    const BATCH = 1_000;
    const snapshotsBefore = s.snapshots.length;
    const batchesBefore = s.ephemeralBatches();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const rtts: number[] = [];
    let flooding = true;
    const pinger = (async () => {
      while (flooding) {
        const started = Date.now();
        await s.connection().request(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' })), 30_000);
        rtts.push(Date.now() - started);
        await sleep(100);
      }
    })();
    const started = Date.now();
    const shows = ['away', 'dnd', 'xa', 'chat'];
    for (let i = 0; i < TOTAL; i += BATCH) {
      let chunk = '';
      for (let j = i; j < i + BATCH; j++) chunk += `<presence><show>${shows[j % shows.length]}</show><status>flood ${j}</status></presence>`;
      await (s.friend.client as unknown as { write(data: string): Promise<void> }).write(chunk);
    }
    await s.friend.presence({ show: 'dnd', status: 'the last word' });
    await waitFor(() => friendNow()?.status === 'the last word', {
      timeout: 60_000,
      message: () => `the last presence; now ${JSON.stringify(friendNow())}`,
    });
    const floodMs = Date.now() - started;
    flooding = false;
    await pinger;
    lag.disable();
    const snapshotEvents = s.snapshots.length - snapshotsBefore;
    const ephemeralBatches = s.ephemeralBatches() - batchesBefore;
    const maxLagMs = lag.max / 1e6;
    console.log(
      `presence flood: ${TOTAL} stanzas through the server in ${floodMs} ms; ${ephemeralBatches} ephemeral batches, ${snapshotEvents} snapshot events; ` +
        `ping round trips ${rtts.length}, max ${Math.max(...rtts)} ms, median ${[...rtts].sort((a, b) => a - b)[rtts.length >> 1]} ms; event loop max delay ${maxLagMs.toFixed(0)} ms`,
    );
    expect(friendNow()).toEqual({ kind: 'presence', jid: s.friendJid, presence: 'dnd', status: 'the last word' });
    // A renderer that starts now finds the last presence in its snapshot.
    expect((await s.core.getSnapshot()).contacts.find((c) => c.jid === s.friendJid)).toMatchObject({ presence: 'dnd', status: 'the last word' });
    expect(ephemeralBatches, 'ephemeral batches (one per turn, the newest presence per contact)').toBeLessThan(TOTAL / 20);
    expect(snapshotEvents, 'snapshot events (presence changes are not snapshots)').toBeLessThan(5);
    // Responsive: requests were answered while the flood was still coming in. How long they took
    // and how long the event loop stalled are printed above, not asserted (tests never assert on
    // wall-clock time; the bench measures speed).
    expect(rtts.length, 'pings answered before the last presence arrived').toBeGreaterThan(0);
    await s.fence();
    s.expectSameConnection();
  }, 90_000);

  it('a 4 MB body: the server refuses it from a peer, the core refuses to send one, and one injected arrives intact', async () => {
    const s = await scene();
    const huge = '大'.repeat((4 * 1024 * 1024) / 3) + ' end';
    // From a peer: Prosody's c2s_stanza_size_limit (256 KiB by default) closes the sender's stream.
    const sender = await connectPeer(server, s.friendJid, 'pw', { resource: 'big' });
    cleanups.push(() => sender.stop().catch(() => undefined));
    await sender.send(xml('message', { to: s.me, type: 'chat', id: 'huge-1' }, xml('body', {}, huge))).catch(() => undefined);
    await waitFor(() => sender.client.status !== 'online' || sender.errors.length > 0, { message: 'the sender told off' });
    expect(sender.errors.map((e) => (e as { condition?: string }).condition)).toContain('policy-violation');
    // Glance never sends one: its own limit is far below the server's.
    expect(await s.core.sendMessage({ conversation: chatWith(s.friendJid), body: huge, id: 'huge-out-1' })).toEqual({ ok: false, error: 'too-long' });
    // From a server without that limit (injected): arrives whole, the core keeps going.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    await s.inject(`<message from='${s.friendJid}/x' to='${s.me}' type='chat' id='huge-2'><body>${huge}</body></message>`, 1);
    await waitFor(async () => (await s.rows()).some((r) => r.id === 'huge-2'), { timeout: 20_000, message: 'the injected 4 MB message in history' });
    lag.disable();
    const row = (await s.rows()).find((r) => r.id === 'huge-2')!;
    expect(row.body.length).toBe(huge.length);
    expect(row.body === huge, 'the 4 MB body intact').toBe(true);
    console.log(`4 MB body: longest event-loop stall while receiving it ${(lag.max / 1e6).toFixed(0)} ms`);
    s.expectSameConnection();
    // What the server refused, and what the core refused to send, are nowhere.
    expect((await s.rows()).filter((r) => r.id === 'huge-1' || r.id === 'huge-out-1')).toEqual([]);
    await s.fence();
  }, 60_000);
});

describe('claims the sender cannot make', () => {
  it('drops carbons that do not come from our own account, whoever they claim to be from', async () => {
    const s = await scene();
    // Through the server: the friend wraps what looks like our own sent message, and one "received" from a third party.
    await s.friend.send(
      xml(
        'message',
        { to: s.me },
        xml('sent', { xmlns: NS_CARBONS }, xml('forwarded', { xmlns: NS_FORWARD }, chat(`${s.me}/phone`, s.friendJid, 'I owe you 1000 euros', 'forged-sent'))),
      ),
    );
    await s.friend.send(
      xml(
        'message',
        { to: s.me },
        xml('received', { xmlns: NS_CARBONS }, xml('forwarded', { xmlns: NS_FORWARD }, chat('boss@localhost/desk', s.me, 'wire the money', 'forged-received'))),
      ),
    );
    // Injected: a carbon whose wrapper comes from another account on our server.
    await s.inject(
      `<message from='${s.friendJid}' to='${s.me}'><sent xmlns='${NS_CARBONS}'><forwarded xmlns='${NS_FORWARD}'>` +
        `<message from='${s.me}/laptop' to='boss@localhost' type='chat' id='forged-injected'><body>I resign</body></message></forwarded></sent></message>`,
      1,
    );
    await s.fence();
    s.expectSameConnection();
    for (const text of ['1000 euros', 'wire the money', 'I resign']) expect(await s.find(text), text).toEqual([]);
    expect((await s.rows()).filter((r) => r.direction === 'out')).toEqual([]);
  });

  it('keys history only on stanza-ids our own server gave, not ones the sender or others claim', async () => {
    const s = await scene();
    await s.friend.sendChat(s.me, 'the real one');
    await s.fence('first');
    const real = (await s.rows()).find((r) => r.body === 'the real one')!;
    expect(real.stanzaId).toBeTruthy();
    // The friend claims stanza-ids: by itself, by the server, and by our account with a resource
    // (Prosody strips only the ones claiming our bare JID), the last one naming the real message.
    await s.friend.sendChat(s.me, 'claims by itself', { children: [xml('stanza-id', { xmlns: NS_SID, by: s.friendJid, id: 'claimed-1' })] });
    await s.friend.sendChat(s.me, 'claims by the server', { children: [xml('stanza-id', { xmlns: NS_SID, by: 'localhost', id: 'claimed-2' })] });
    await s.friend.sendChat(s.me, 'claims by our full JID', { children: [xml('stanza-id', { xmlns: NS_SID, by: `${s.me}/phone`, id: real.stanzaId! })] });
    await s.friend.sendChat(s.me, 'claims by our bare JID', { children: [xml('stanza-id', { xmlns: NS_SID, by: s.me, id: real.stanzaId! })] });
    await s.fence('second');
    s.expectSameConnection();
    const rows = await s.rows();
    // What our archive says each of them is.
    const walker = await connectPeer(server, s.me, 'pw', { resource: 'walker', initialPresence: false });
    cleanups.push(() => walker.stop().catch(() => undefined));
    const archive = await walkArchive(walker, { with: s.friendJid });
    for (const body of ['the real one', 'claims by itself', 'claims by the server', 'claims by our full JID', 'claims by our bare JID']) {
      const stored = rows.filter((r) => r.body === body);
      expect(stored, body).toHaveLength(1);
      expect(stored[0]!.stanzaId, `${body}: the stanza-id our archive gave it`).toBe(archive.find((e) => e.body === body)?.stanzaId);
    }
  });

  it('ignores archive results that answer no query of ours, from a peer or on the stream', async () => {
    const s = await scene();
    const result = (queryid: string, body: string) =>
      xml(
        'result',
        { xmlns: NS_MAM, queryid, id: `fake-${queryid}` },
        xml('forwarded', { xmlns: NS_FORWARD }, chat('boss@localhost/desk', s.me, body, `mam-${queryid}`)),
      );
    await s.friend.send(xml('message', { to: s.me }, result('q1', 'archived lie 1')));
    await s.inject(xml('message', { to: s.me }, result('q2', 'archived lie 2')).toString(), 1);
    // While a sync of ours runs: a result naming its query id, but from another account.
    const walk = s.core.syncArchive({});
    await waitFor(() => /queryid=["']([^"']+)/.test(s.proxy.clientText()), { message: 'our archive query on the wire' });
    const ours = [...s.proxy.clientText().matchAll(/queryid=["']([^"']+)/g)].at(-1)![1]!;
    s.proxy.inject(xml('message', { from: s.friendJid, to: s.me }, result(ours, 'archived lie 3')).toString(), 1);
    expect(await walk).toMatchObject({ ok: true });
    await s.fence();
    s.expectSameConnection();
    expect(await s.find('archived lie')).toEqual([]);
  });
});
