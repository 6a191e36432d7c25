import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { connectPeer, type Peer } from '../support/peer';
import { startProsody, type TestServer } from '../support/prosody';
import { createCore, type CoreUnderTest } from '../support/core';

// A fresh account has no PEP nodes yet: the core's first fetches (MDS) are answered with an
// immediate item-not-found, which once rejected a promise nobody listened to and ended the process.

let server: TestServer;
let stranger: Peer;
const cores: CoreUnderTest[] = [];
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', record);
  server = await startProsody();
  await server.register('stranger', 'pw');
  stranger = await connectPeer(server, 'stranger@localhost', 'pw');
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.core.stop()));
});

afterAll(async () => {
  process.off('unhandledRejection', record);
  await stranger?.stop();
  await server?.stop();
});

it('signs in 20 fresh accounts in a row; each comes online and receives a message, and no rejection goes unhandled', async () => {
  for (let i = 1; i <= 20; i += 1) {
    const jid = `fresh${i}@localhost`;
    await server.register(`fresh${i}`, 'pw');
    const c = createCore();
    cores.push(c);
    expect(await c.core.signIn({ jid, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toEqual({ ok: true, value: undefined });
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    const body = `welcome ${i}`;
    await stranger.sendChat(jid, body);
    const message = await c.waitForMessage((m) => m.body === body);
    expect(message.direction).toBe('in');
    await c.core.stop();
    expect(unhandled).toEqual([]);
  }
});
