import { xml } from '@xmpp/client';
import { expect } from 'vitest';
import { integrationTest as it } from '../support/fixtures/integration';
import { chatWith } from '../../src-shared/conversation';
import { connectPeer } from '../support/peer';
import { waitFor } from '../support/wait';

// XEP-0191 with Prosody's mod_blocklist: the core's list follows its own commands and the pushes
// for our other devices; nothing from a blocked address reaches history, live or from the archive.

const BLOCKING = 'urn:xmpp:blocking';

it('blocks and unblocks: a blocked address reaches nothing, an unblocked one does again', async ({ server, registerPeer, newCore }) => {
  const pest = await registerPeer('pest');
  const friend = await registerPeer('friend');
  await server.register('me', 'pw');
  const c = newCore();
  await c.core.signIn({ jid: 'me@localhost', password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await c.waitForSnapshot((s) => s.connection.status === 'online');

  await pest.sendChat('me@localhost', 'before the block');
  await c.waitForMessage((m) => m.body === 'before the block');

  expect(await c.core.block({ jid: 'Pest@localhost' })).toEqual({ ok: true, value: undefined });
  await c.waitForSnapshot((s) => s.blocked.length === 1 && s.blocked[0] === 'pest@localhost');
  await pest.sendChat('me@localhost', 'while blocked');
  // A message sent after it shows that the one before it was not delivered late.
  await friend.sendChat('me@localhost', 'after the blocked one');
  await c.waitForMessage((m) => m.body === 'after the blocked one');
  expect(c.messages.map((m) => m.body)).not.toContain('while blocked');

  // Writing to them is refused by the server, and that refusal (about our message) gets through.
  expect(await c.core.sendMessage({ conversation: chatWith('pest@localhost'), body: 'go away', id: 'to-the-blocked' })).toEqual({ ok: true, value: undefined });
  await waitFor(() => c.events.statuses.find((s) => s.id === 'to-the-blocked' && s.status === 'failed'), { timeout: 10_000, message: 'the refusal' });

  // The archive still holds what the blocked address wrote before: a new device's walk leaves it out.
  const fresh = newCore();
  await fresh.core.signIn({ jid: 'me@localhost', password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await fresh.waitForSnapshot((s) => s.connection.status === 'online' && s.blocked.includes('pest@localhost'));
  expect(await fresh.core.syncArchive({})).toMatchObject({ ok: true });
  const walked = fresh.messages.map((m) => m.body);
  expect(walked).toContain('after the blocked one');
  expect(walked).not.toContain('before the block');
  await fresh.core.stop();

  expect(await c.core.unblock({ jid: 'pest@localhost' })).toEqual({ ok: true, value: undefined });
  await c.waitForSnapshot((s) => s.blocked.length === 0);
  await pest.sendChat('me@localhost', 'after the unblock');
  await c.waitForMessage((m) => m.body === 'after the unblock');
});

it('follows the blocks and unblocks made on our other devices', async ({ server, newCore }) => {
  await server.register('twodevices', 'pw');
  const c = newCore();
  await c.core.signIn({ jid: 'twodevices@localhost', password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await c.waitForSnapshot((s) => s.connection.status === 'online');
  const phone = await connectPeer(server, 'twodevices@localhost', 'pw', { resource: 'phone' });
  try {
    await phone.iq(xml('iq', { type: 'set' }, xml('block', { xmlns: BLOCKING }, xml('item', { jid: 'spammer@example.org' }))));
    await c.waitForSnapshot((s) => s.blocked.includes('spammer@example.org'));
    await phone.iq(xml('iq', { type: 'set' }, xml('unblock', { xmlns: BLOCKING })));
    await c.waitForSnapshot((s) => s.blocked.length === 0);
  } finally {
    await phone.stop();
  }
});

it('blocks a stranger who asks to see our presence, declining the request in the same step', async ({ server, registerPeer, newCore }) => {
  await server.register('popular', 'pw');
  const stranger = await registerPeer('stranger');
  const c = newCore();
  await c.core.signIn({ jid: 'popular@localhost', password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await c.waitForSnapshot((s) => s.connection.status === 'online');
  await stranger.subscribeTo('popular@localhost');
  await c.waitForSnapshot((s) => s.requests.includes('stranger@localhost'));

  expect(await c.core.block({ jid: 'stranger@localhost' })).toEqual({ ok: true, value: undefined });
  await c.waitForSnapshot((s) => s.requests.length === 0 && s.blocked.join() === 'stranger@localhost');
  // The server blocks our presence to them too, so the decline is what their roster shows.
  await expect.poll(async () => (await stranger.roster()).find((i) => i.jid === 'popular@localhost')?.ask).toBeUndefined();
  // Asking again reaches nothing.
  await stranger.subscribeTo('popular@localhost');
  await stranger.sendChat('popular@localhost', 'let me in');
  // Round trips after them, theirs then ours: whatever the server let through has arrived by then.
  await stranger.iq(xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
  expect(await c.core.unblock({ jid: 'nobody@localhost' })).toEqual({ ok: true, value: undefined });
  await new Promise((resolve) => setImmediate(resolve));
  expect(c.latest().requests).toEqual([]);
  expect(c.messages).toEqual([]);
});
