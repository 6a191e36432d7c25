import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Element } from '@xmpp/xml';
import { integrationTest } from '../support/fixtures/integration';
import { FILE_SHARE_LIMIT } from '../support/fixtures/xmpp';
import { connectPeer, type Peer } from '../support/peer';
import type { CoreUnderTest } from '../support/core';
import { waitFor } from '../support/wait';
import { startProsody, type TestServer } from '../support/prosody';

const OOB = 'jabber:x:oob';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const slotsIssued = (server: TestServer) =>
  server
    .log()
    .split('\n')
    .filter((line) => line.includes('Issuing upload slot')).length;

let n = 0;

// The core against Prosody's http_file_share (test/support/prosody.ts, `fileShare`).
const it = integrationTest.extend('setUp', async ({ fileServer, peers, newCore }) => async (): Promise<{ c: CoreUnderTest; friend: Peer }> => {
  n += 1;
  const [me, friendJid] = await Promise.all([fileServer.register(`sender${n}`, 'pw'), fileServer.register(`receiver${n}`, 'pw')]);
  const friend = await connectPeer(fileServer, friendJid, 'pw');
  peers.push(friend);
  const c = newCore();
  expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${fileServer.port}`, remember: false })).toMatchObject({ ok: true });
  await c.waitForSnapshot((s) => s.connection.status === 'online' && s.upload !== null);
  return { c, friend };
});

const fileMessage = (stanza: Element) => stanza.is('message') && stanza.getChild('x', OOB) !== undefined;

it('finds the upload service and its limit, uploads a file, and the peer gets body = OOB URL; the URL gives the same bytes', async ({ setUp }) => {
  const { c, friend } = await setUp();
  expect(c.latest().upload).toEqual({ maxBytes: FILE_SHARE_LIMIT });
  const bytes = new Uint8Array(randomBytes(700_000));
  const id = `file-${n}-aaaaaaaa`;
  const result = await c.core.sendFile({ conversation: { kind: 'chat', jid: friend.bare }, id, name: 'report 2024.pdf', mediaType: 'application/pdf', bytes });
  expect(result.ok).toBe(true);
  const url = result.ok ? result.value.url : '';

  const message = await friend.waitForMessage(fileMessage);
  expect(message.attrs.id).toBe(id);
  expect(message.getChildText('body')).toBe(url);
  expect(message.getChild('x', OOB)?.getChildText('url')).toBe(url);
  expect(decodeURIComponent(new URL(url).pathname)).toMatch(/\/report 2024\.pdf$/);

  const download = await fetch(url);
  expect(download.status).toBe(200);
  expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

  const progress = c.ephemeral.filter((e) => e.kind === 'upload' && e.id === id);
  expect(progress.at(-1)).toEqual({ kind: 'upload', id, sent: bytes.byteLength, total: bytes.byteLength });
  await waitFor(() => c.events.statuses.some((s) => s.id === id && s.status === 'sent'), { message: 'the server acknowledged the file message' });
});

it('refuses a file one byte over the limit before asking the service for a slot', async ({ setUp, fileServer }) => {
  const { c, friend } = await setUp();
  const before = slotsIssued(fileServer);
  const bytes = new Uint8Array(FILE_SHARE_LIMIT + 1);
  const result = await c.core.sendFile({
    conversation: { kind: 'chat', jid: friend.bare },
    id: `big-${n}-aaaaaaaa`,
    name: 'big.bin',
    mediaType: 'application/octet-stream',
    bytes,
  });
  expect(result).toEqual({ ok: false, error: 'too-large' });
  expect(slotsIssued(fileServer)).toBe(before);
  expect(friend.received.filter(fileMessage)).toEqual([]);
});

it('a cancelled upload sends nothing', async ({ setUp }) => {
  const { c, friend } = await setUp();
  const id = `cancel-${n}-aaaaaaaa`;
  const cancelled = new Promise<void>((resolve) =>
    c.core.on('ephemeral', (events) => {
      if (events.some((e) => e.kind === 'upload' && e.id === id)) void c.core.cancelUpload({ id }).then(resolve);
    }),
  );
  const bytes = new Uint8Array(randomBytes(FILE_SHARE_LIMIT));
  const result = await c.core.sendFile({
    conversation: { kind: 'chat', jid: friend.bare },
    id,
    name: 'video.bin',
    mediaType: 'application/octet-stream',
    bytes,
  });
  await cancelled;
  expect(result).toEqual({ ok: false, error: 'cancelled' });
  // Anything sent would be here by the time a text sent after it arrives.
  await c.core.sendMessage({ conversation: { kind: 'chat', jid: friend.bare }, body: 'after', id: `after-${n}-aaaaaaaa` });
  await friend.waitForMessage((m) => m.getChildText('body') === 'after');
  expect(friend.received.filter(fileMessage)).toEqual([]);
});

it('sends the same file message once per session, whatever asks again', async ({ setUp }) => {
  const { c, friend } = await setUp();
  const id = `twice-${n}-aaaaaaaa`;
  const request = {
    conversation: { kind: 'chat' as const, jid: friend.bare },
    id,
    name: 'a.txt',
    mediaType: 'text/plain',
    bytes: new TextEncoder().encode('hello'),
  };
  const [first, second] = await Promise.all([c.core.sendFile(request), c.core.sendFile(request)]);
  const third = await c.core.sendFile(request);
  expect(first).toEqual(second);
  expect(third).toEqual(first);
  await c.core.sendMessage({ conversation: request.conversation, body: 'after', id: `after2-${n}-aaaaaaaa` });
  await friend.waitForMessage((m) => m.getChildText('body') === 'after');
  expect(friend.received.filter(fileMessage)).toHaveLength(1);
});

const quotaIt = integrationTest.extend('quotaServer', { scope: 'file' }, async ({}, { onCleanup }) => {
  const server = await startProsody({ fileShare: { sizeLimit: 1000, dailyQuota: 1500 } });
  onCleanup(() => server.stop());
  return server;
});

quotaIt('a used-up daily quota is `quota` (the page says to try later), and nothing is sent', async ({ quotaServer, peers, newCore }) => {
  const [me, friendJid] = await Promise.all([quotaServer.register('quota-sender', 'pw'), quotaServer.register('quota-receiver', 'pw')]);
  const friend = await connectPeer(quotaServer, friendJid, 'pw');
  peers.push(friend);
  const c = newCore();
  await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${quotaServer.port}`, remember: false });
  await c.waitForSnapshot((s) => s.upload !== null);
  const send = (id: string) =>
    c.core.sendFile({ conversation: { kind: 'chat', jid: friendJid }, id, name: 'a.bin', mediaType: 'application/octet-stream', bytes: new Uint8Array(1000) });
  expect((await send('quota-1-aaaaaaaa')).ok).toBe(true);
  expect(await send('quota-2-aaaaaaaa')).toEqual({ ok: false, error: 'quota' });
  await friend.waitForMessage(fileMessage);
  await c.core.sendMessage({ conversation: { kind: 'chat', jid: friendJid }, body: 'after', id: 'quota-after-aaaaaaaa' });
  await friend.waitForMessage((m) => m.getChildText('body') === 'after');
  expect(friend.received.filter(fileMessage)).toHaveLength(1);
});
