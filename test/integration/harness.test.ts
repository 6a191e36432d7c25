import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect } from 'vitest';
import { client as xmppClient, xml } from '@xmpp/client';
import { xmppTest } from '../support/fixtures/xmpp';
import { connectPeer, makeContacts, type Peer } from '../support/peer';
import { assertPortFree, canConnect } from '../support/ports';
import { startProsody, type TestServer } from '../support/prosody';
import { waitFor } from '../support/wait';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_MAM = 'urn:xmpp:mam:2';
const NS_SID = 'urn:xmpp:sid:0';

/** `peer(server, jid, password)`: a plain client, stopped after the test. */
const test = xmppTest.extend('peer', async ({ peers }) => async (server: TestServer, jid: string, password: string): Promise<Peer> => {
  const p = await connectPeer(server, jid, password);
  peers.push(p);
  return p;
});

describe('plain Prosody', () => {
  test('offers SCRAM-SHA-1 and no STARTTLS', async ({ server }) => {
    const { features, socket } = await openStream(server.port);
    socket.destroy();
    expect(features).not.toContain('starttls');
    expect(mechanisms(features)).toEqual(['SCRAM-SHA-1']);
  });

  test('two peers exchange a message, and the archive keeps it', async ({ server, peer }) => {
    const [alice, bob] = await Promise.all([server.register('alice', 'a-pw'), server.register('bob', 'b-pw')]);
    const a = await peer(server, alice, 'a-pw');
    const b = await peer(server, bob, 'b-pw');
    expect(a.jid).toMatch(/^alice@localhost\/.+/);
    expect(a.client.streamManagement.enabled).toBe(false);

    const id = await a.sendChat(bob, 'hello bob');
    const got = await b.waitForMessage((m) => m.getChildText('body') === 'hello bob');
    expect(got.attrs.id).toBe(id);
    expect(got.attrs.from).toBe(a.jid);
    expect(got.getChild('stanza-id', NS_SID)?.attrs.by).toBe(bob);

    const archived = await mamBodies(a);
    expect(archived).toEqual(['hello bob']);
  });

  test('a subscription works both ways', async ({ server, peer }) => {
    const [carol, dave] = await Promise.all([server.register('carol', 'c-pw'), server.register('dave', 'd-pw')]);
    const c = await peer(server, carol, 'c-pw');
    const d = await peer(server, dave, 'd-pw');

    await makeContacts(c, d);
    expect(await c.roster()).toEqual([expect.objectContaining({ jid: dave, subscription: 'both' })]);
    expect(await d.roster()).toEqual([expect.objectContaining({ jid: carol, subscription: 'both' })]);

    await d.waitForStanza((s) => s.is('presence') && s.attrs.from === c.jid && !s.attrs.type);
    await c.waitForStanza((s) => s.is('presence') && s.attrs.from === d.jid && !s.attrs.type);
    await d.presence({ show: 'away', status: 'lunch' });
    await c.waitForStanza((s) => s.is('presence') && s.attrs.from === d.jid && s.getChildText('show') === 'away');
  });

  test('an auto-approving peer accepts a subscription request', async ({ server, peer, peers }) => {
    const [erin, frank] = await Promise.all([server.register('erin', 'e-pw'), server.register('frank', 'f-pw')]);
    const e = await peer(server, erin, 'e-pw');
    const f = await connectPeer(server, frank, 'f-pw', { autoApprove: true, resource: 'desk' });
    peers.push(f);
    expect(f.jid).toBe(`${frank}/desk`);

    await e.subscribeTo(frank);
    await e.waitForStanza((s) => s.is('presence') && s.attrs.from === frank && s.attrs.type === 'subscribed');
    expect(await e.roster()).toEqual([expect.objectContaining({ jid: frank, subscription: 'to' })]);
  });

  test('restart keeps accounts and data, on the same port, with a new process', async ({ server, peer }) => {
    const [gina, hank] = await Promise.all([server.register('gina', 'g-pw'), server.register('hank', 'h-pw')]);
    const h = await peer(server, hank, 'h-pw');
    await makeContacts(await peer(server, gina, 'g-pw'), h);
    const { pid, port } = server;
    const waiting = expect(h.waitForMessage((m) => m.getChildText('body') === 'never sent')).rejects.toThrow(/disconnected/);

    await server.restart();

    await waiting;
    expect(h.client.status).toBe('disconnect');
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(pid);
    expect(isRunning(pid)).toBe(false);
    const g = await peer(server, gina, 'g-pw');
    expect(await g.roster()).toEqual([expect.objectContaining({ jid: hank, subscription: 'both' })]);
  });
});

describe('stopping', () => {
  test('stop ends the process, frees the port and removes the data', async () => {
    const server = await startProsody();
    const { pid, port, dataDir } = server;
    try {
      expect(isRunning(pid)).toBe(true);
      expect(await canConnect(port)).toBe(true);
      await expect(assertPortFree(port)).rejects.toThrow(/not free/);
    } finally {
      await server.stop();
    }
    expect(isRunning(pid)).toBe(false);
    await assertPortFree(port);
    expect(existsSync(dataDir)).toBe(false);
    expect(server.log()).toContain(`Activated service 'c2s' on [127.0.0.1]:${port}`);
    await server.stop(); // idempotent
  });
});

describe('waitFor', () => {
  test('resolves with the first truthy value and times out with the message and last error', async () => {
    let calls = 0;
    expect(await waitFor(() => ++calls >= 3 && `after ${calls}`)).toBe('after 3');
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeout: 60, message: 'the impossible' },
      ),
    ).rejects.toThrow(/waiting for the impossible \(last error: not yet\)/);
  });
});

describe('Prosody with SQLite storage', () => {
  test('registers many accounts, delivers and archives', async ({ sqlServer: server, peer }) => {
    const accounts = await server.registerMany(6, 'u', 'secret');
    expect(accounts.map((a) => a.jid)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `u${i}@localhost`));
    expect(existsSync(`${server.dataDir}/prosody.sqlite`)).toBe(true);

    const [u1, u6] = await Promise.all([peer(server, accounts[0]!.jid, 'secret'), peer(server, accounts[5]!.jid, 'secret')]);
    await u1.sendChat(u6.bare, 'via sql');
    await u6.waitForMessage((m) => m.getChildText('body') === 'via sql');
    expect(await mamBodies(u6)).toEqual(['via sql']);
  });
});

describe('Prosody with TLS', () => {
  test('requires STARTTLS, and its certificate fails verification unless trusted', async ({ tlsServer: server }) => {
    const { features, socket } = await openStream(server.port);
    socket.destroy();
    expect(features).toMatch(new RegExp(`<starttls xmlns=['"]${NS_TLS}['"]><required/></starttls>`));
    expect(mechanisms(features)).toEqual([]);

    await expect(startTls(server.port, { servername: 'localhost' })).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });

    const ca = readFileSync(server.certificate!);
    for (const options of [
      { ca, servername: 'localhost' },
      { ca, host: '127.0.0.1' },
    ]) {
      const secure = await startTls(server.port, options);
      expect(secure.authorized).toBe(true);
      secure.destroy();
    }
  });

  test('@xmpp/client refuses the untrusted certificate', async ({ tlsServer: server }) => {
    await server.register('tina', 't-pw');
    const c = xmppClient({ service: `xmpp://127.0.0.1:${server.port}`, domain: 'localhost', username: 'tina', password: 't-pw' });
    c.reconnect.stop();
    c.on('error', () => undefined); // an unheard 'error' event would kill the test process
    try {
      await expect(c.start()).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      await c.stop().catch(() => undefined);
    }
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function mechanisms(features: string): string[] {
  return [...features.matchAll(/<mechanism>([^<]*)<\/mechanism>/g)].map((m) => m[1]!);
}

/** All chat bodies in `p`'s archive, oldest first. */
async function mamBodies(p: Peer): Promise<string[]> {
  const queryid = `q-${Date.now()}`;
  const from = p.received.length;
  await p.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: NS_MAM, queryid })));
  return p.received
    .slice(from)
    .map((s) => s.getChild('result', NS_MAM))
    .filter((r) => r?.attrs.queryid === queryid)
    .map((r) => r!.getChild('forwarded', 'urn:xmpp:forward:0')?.getChild('message')?.getChildText('body') ?? '');
}

/** Opens a raw c2s stream and reads its features (as text: @xmpp/xml has no parse function). */
async function openStream(port: number): Promise<{ socket: net.Socket; features: string }> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const header = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' xmlns='jabber:client' " + "xmlns:stream='http://etherx.jabber.org/streams'>";
  const text = await exchange(socket, header, /<stream:features\/>|<\/stream:features>/);
  return { socket, features: text.slice(text.indexOf('<stream:features')) };
}

/** Negotiates STARTTLS on a raw stream; rejects with the TLS error if verification fails. */
async function startTls(port: number, options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  const { socket } = await openStream(port);
  await exchange(socket, `<starttls xmlns='${NS_TLS}'/>`, '<proceed');
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options, socket });
    secure.once('secureConnect', () => resolve(secure));
    secure.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** Writes `data` and resolves with what the server sent until `until` appears in it. */
function exchange(socket: net.Socket, data: string, until: string | RegExp): Promise<string> {
  let text = '';
  const onData = (chunk: Buffer) => (text += chunk.toString());
  socket.on('data', onData);
  socket.write(data);
  const seen = () => (typeof until === 'string' ? text.includes(until) : until.test(text));
  return waitFor(seen, { timeout: 5_000, message: () => `${String(until)} from the server, got: ${text}` })
    .then(() => text)
    .finally(() => socket.off('data', onData));
}
