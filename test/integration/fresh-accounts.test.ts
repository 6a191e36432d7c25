import { expect } from 'vitest';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer } from '../support/peer';
import { createCore } from '../support/core';

// A fresh account has no PEP nodes yet: the core's first fetches (MDS) are answered with an
// immediate item-not-found, which once rejected a promise nobody listened to and ended the process.

const it = integrationTest
  /** Every promise rejection nobody handled while the test ran. */
  .extend('unhandled', async ({}, { onCleanup }) => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    onCleanup(() => void process.off('unhandledRejection', record));
    return unhandled;
  })
  /** A plain client that writes to each fresh account. */
  .extend('stranger', async ({ server, peers }) => {
    await server.register('stranger', 'pw');
    const stranger = await connectPeer(server, 'stranger@localhost', 'pw');
    peers.push(stranger);
    return stranger;
  });

it('signs in 20 fresh accounts in a row; each comes online and receives a message, and no rejection goes unhandled', async ({
  unhandled,
  server,
  stranger,
  cores,
}) => {
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
