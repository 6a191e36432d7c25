// XEP-0198 against the real Prosody and Glance's real core: the inbound count ('h') must equal what
// the server sent, IQ replies included and from the very stanza after <enabled/>, so that acks are
// right and a resumed session neither loses nor repeats anything. Both defects of
// @xmpp/stream-management 0.14 (docs/protocol.md; issue 5, item 1) make these tests fail; the fix is
// src-main/core/session/stream-management-fix.ts.
import type { EventEmitter } from 'node:events';
import net from 'node:net';
import { describe, expect, vi } from 'vitest';
import { xml, type XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { Connection } from '../../src-main/core/session/connection';
import type { CoreUnderTest } from '../support/core';
import type { FaultProxy } from '../support/fault-proxy';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer, type Peer } from '../support/peer';
import { waitFor } from '../support/wait';

const NS_SM = 'urn:xmpp:sm:3';
const NS_STREAMS = 'http://etherx.jabber.org/streams';
const NS_ROSTER = 'jabber:iq:roster';

let n = 0;

/** What the wire showed one of Glance's connections, observed beside (not through) the library. */
interface Probe {
  connection: Connection;
  /** Stanzas received since the last <enabled/>; a resumed stream continues the count (XEP-0198 §5). */
  count: number;
  /** One per <r/> received: our count when it arrived, and the h of the <a/> that answered it. */
  answers: { expected: number; h?: number }[];
  /** Stanzas parsed from the same TCP read as <enabled/>. */
  inEnabledRead: number;
  /** 'enabled', 'resumed', 'failed' as they arrived. */
  sm: string[];
  streamErrors: string[];
  /** Stanzas with an id received more than once (the server re-sent what we had). */
  duplicates: string[];
  onlines: { resumed: boolean }[];
  /** Our initial presence went out (the core's session set-up got that far). */
  presenceSent: boolean;
}

const it = integrationTest
  /** A probe on every Connection the core makes during the test, attached before it opens its socket. */
  .extend('probes', async ({}, { onCleanup }) => {
    const probes: Probe[] = [];
    const signIn = Connection.prototype.signIn;
    const spy = vi.spyOn(Connection.prototype, 'signIn').mockImplementation(function (this: Connection) {
      probes.push(attachProbe(this));
      return signIn.call(this);
    });
    onCleanup(() => spy.mockRestore());
    return probes;
  })
  /** `setUp(proxy?)`: fresh accounts: `me` signs in with Glance's core (through `proxy` if given), `friend` is a plain client. */
  .extend(
    'setUp',
    async ({ server, peers, newCore, probes }) =>
      async (proxy?: FaultProxy): Promise<{ c: CoreUnderTest; probe: Probe; friend: Peer; me: string; logStart: number }> => {
        n += 1;
        const [me] = await Promise.all([server.register(`me${n}`, 'pw'), server.register(`friend${n}`, 'pw')]);
        const friend = await connectPeer(server, `friend${n}@localhost`, 'pw');
        peers.push(friend);
        const logStart = server.log().length;
        const c = newCore();
        const port = proxy?.port ?? server.port;
        expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${port}`, remember: false })).toEqual({ ok: true, value: undefined });
        const probe = probes.at(-1)!;
        return { c, probe, friend, me, logStart };
      },
  )
  /** `proxy()`: a fault proxy in front of the server, closed after the test. */
  .extend(
    'proxy',
    async ({ server, startFaultProxy }) =>
      () =>
        startFaultProxy(server.port),
  )
  /** `expectNoStreamError(probe, logStart)`: the server never closed the stream on us, and complained about nothing. */
  .extend('expectNoStreamError', async ({ server }) => (probe: Probe, logStart: number): void => {
    expect(probe.streamErrors, 'stream errors from the server').toEqual([]);
    expect(server.log().slice(logStart)).not.toMatch(/acknowledged (less|more) stanzas|The client says it handled/);
  });

function attachProbe(connection: Connection): Probe {
  const probe: Probe = { connection, count: 0, answers: [], inEnabledRead: 0, sm: [], streamErrors: [], duplicates: [], onlines: [], presenceSent: false };
  const client = connection.client;
  const emitter = client as unknown as EventEmitter;
  const seen = new Set<string>();
  let unanswered: Probe['answers'] = [];
  let read = 0;
  let enabledRead = -1;

  connection.on('online', (event) => probe.onlines.push(event));
  // Number the TCP reads: the parser emits every element of a read synchronously within it.
  client.on('connect', () => rawSocket(client)?.prependListener('data', () => (read += 1)));
  client.on('disconnect', () => (unanswered = []));
  emitter.prependListener('element', (element: Element) => {
    if (element.is('message') || element.is('presence') || element.is('iq')) {
      probe.count += 1;
      if (read === enabledRead) probe.inEnabledRead += 1;
      const { id, from = '', type = '' } = element.attrs;
      const key = `${element.name} ${type} ${from} ${id}`;
      if (id && seen.has(key)) probe.duplicates.push(key);
      if (id) seen.add(key);
    } else if (element.getNS() === NS_SM && ['enabled', 'resumed', 'failed'].includes(element.name)) {
      probe.sm.push(element.name);
      if (element.name === 'enabled') {
        probe.count = 0;
        enabledRead = read;
      }
    } else if (element.is('r', NS_SM)) {
      const answer = { expected: probe.count };
      probe.answers.push(answer);
      unanswered.push(answer);
    } else if (element.is('error', NS_STREAMS)) {
      probe.streamErrors.push(element.toString());
    }
  });
  client.on('send', (element) => {
    if (element.is('presence') && !element.attrs.to && !element.attrs.type) probe.presenceSent = true;
    if (!element.is('a', NS_SM)) return;
    const answer = unanswered.shift();
    if (answer) answer.h = Number(element.attrs.h);
  });
  return probe;
}

function rawSocket(client: XmppClient): net.Socket | undefined {
  const socket = client.socket as unknown;
  if (socket instanceof net.Socket) return socket;
  const inner = (socket as { socket?: unknown } | null)?.socket;
  return inner instanceof net.Socket ? inner : undefined;
}

/** Resolves once the server asked for an ack after the last stanza it sent, and we answered. */
async function acksSettled(probe: Probe): Promise<void> {
  await waitFor(
    () => {
      const last = probe.answers.at(-1);
      return last !== undefined && last.h !== undefined && last.expected === probe.count;
    },
    { message: () => `an answered <r/> after the last stanza; count ${probe.count}, answers ${JSON.stringify(probe.answers.slice(-5))}` },
  );
}

/** Every <a/> we sent carried exactly the number of stanzas the server had sent us. */
function expectAcksRight(probe: Probe): void {
  const wrong = probe.answers.filter((a) => a.h !== undefined && a.h !== a.expected);
  expect(wrong, 'acks whose h differs from the stanzas received').toEqual([]);
  expect(probe.connection.client.streamManagement.inbound).toBe(probe.count);
}

function rosterGet(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER }));
}

/** Sends `count` chats and resolves with their ids once the server has routed all of them. */
async function sendChats(from: Peer, to: string, label: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push(await from.sendChat(to, `${label} ${i}`));
  // The server handles a client's stanzas in order: once this answer is back, the chats are routed.
  await from.roster();
  return ids;
}

/** How often each id reached the renderer. */
function deliveries(c: CoreUnderTest, ids: string[]): Record<string, number> {
  return Object.fromEntries(ids.map((id) => [id, c.messages.filter((m) => m.id === id).length]));
}

const once = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 1]));

describe('stream management (XEP-0198)', () => {
  it('acknowledges every stanza the server sent, IQ replies included', async ({ setUp, expectNoStreamError }) => {
    const { c, probe, friend, me, logStart } = await setUp();
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    // Replies to our own IQs are consumed by @xmpp/iq's caller before the library's counting.
    for (let i = 0; i < 3; i++) await probe.connection.request(rosterGet());
    const ids = await sendChats(friend, me, 'hello', 5);
    await waitFor(() => ids.every((id) => c.messages.some((m) => m.id === id)), { message: 'the chats in the renderer' });
    await acksSettled(probe);

    expectNoStreamError(probe, logStart);
    expect(probe.sm).toEqual(['enabled']);
    expectAcksRight(probe);
  });

  it('counts the stanzas that arrive in the same TCP read as <enabled/>', async ({ setUp, proxy, expectNoStreamError }) => {
    const p = await proxy();
    // Everything the server sends from <enabled/> on is held, then delivered in one write.
    const hold = p.holdFrom('<enabled');
    const { c, probe, friend, logStart } = await setUp(p);
    await waitFor(() => hold.triggered, { message: '<enabled/> from the server' });
    // Bound but without presence yet: chats to the full JID reach the session directly.
    const fullJid = probe.connection.client.jid!.toString();
    const ids = await sendChats(friend, fullJid, 'early', 5);
    await waitFor(() => ids.every((id) => hold.held().includes(id)), { message: () => `the chats held behind <enabled/>: ${hold.held()}` });
    hold.release();

    await waitFor(() => ids.every((id) => c.messages.some((m) => m.id === id)), { message: 'the chats in the renderer' });
    // The scenario really happened: stanzas came in the same read as <enabled/>.
    expect(probe.inEnabledRead).toBeGreaterThanOrEqual(ids.length);
    await acksSettled(probe);

    expectNoStreamError(probe, logStart);
    expect(probe.sm).toEqual(['enabled']);
    expect(deliveries(c, ids)).toEqual(once(ids));
    expectAcksRight(probe);
  });

  it('resumes after the connection is cut: nothing lost, nothing twice', async ({ setUp, proxy, expectNoStreamError }) => {
    const p = await proxy();
    const { c, probe, friend, me, logStart } = await setUp(p);
    // Chats to the bare JID need our presence, so the session set-up must have got that far.
    await waitFor(() => probe.presenceSent, { message: 'our initial presence' });
    for (let i = 0; i < 3; i++) await probe.connection.request(rosterGet());
    const fullJid = probe.connection.client.jid!.toString();
    const before = await sendChats(friend, fullJid, 'before', 5);
    await waitFor(() => before.every((id) => c.messages.some((m) => m.id === id)), { message: 'the chats before the cut' });
    await acksSettled(probe);

    const snapshotsBefore = c.snapshots.length;
    p.cut();
    await waitFor(() => c.snapshots.slice(snapshotsBefore).some((s) => s.connection.status === 'connecting'), { message: 'the drop noticed' });
    // The server keeps the session while we are away and queues what arrives for it.
    const during = await sendChats(friend, me, 'during', 3);

    await waitFor(() => probe.sm.includes('resumed') || probe.sm.includes('failed'), { timeout: 15_000, message: 'a resumption attempt' });
    await waitFor(() => during.every((id) => c.messages.some((m) => m.id === id)), { message: 'the chats sent during the cut' });
    await waitFor(() => c.latest().connection.status === 'online', { message: 'back online' });
    // One more exchange on the resumed stream, then the acks must agree with the server again.
    const after = await sendChats(friend, me, 'after', 2);
    await waitFor(() => after.every((id) => c.messages.some((m) => m.id === id)), { message: 'the chats after the resumption' });
    await acksSettled(probe);

    expectNoStreamError(probe, logStart);
    expect(probe.sm).toEqual(['enabled', 'resumed']);
    expect(probe.onlines).toEqual([{ resumed: false }, { resumed: true }]);
    expect(probe.duplicates, 'stanzas the server sent again although we had them').toEqual([]);
    const all = [...before, ...during, ...after];
    expect(deliveries(c, all)).toEqual(once(all));
    expectAcksRight(probe);
  });
});
