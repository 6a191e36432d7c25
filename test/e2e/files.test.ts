import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import xml, { type Element } from '@xmpp/xml';
import { e2eTest } from '../support/fixtures/e2e';
import { peerSharesFile, solidPng } from '../support/file-share';
import { FILE_SHARE_LIMIT } from '../support/fixtures/xmpp';
import { openGlance, signIn } from '../support/glance-page';
import { accountWithFriend, connectPeer, type Peer } from '../support/peer';
import { freePort } from '../support/ports';
import type { TestServer } from '../support/prosody';

// Files in Chromium through the preview, against Prosody's http_file_share (test/support/prosody.ts).

const OOB = 'jabber:x:oob';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const fileMessages = (peer: Peer) => peer.received.filter((s: Element) => s.is('message') && s.getChild('x', OOB) !== undefined);
const slotsIssued = (server: TestServer) =>
  server
    .log()
    .split('\n')
    .filter((line) => line.includes('Issuing upload slot')).length;

let n = 0;

const it = e2eTest
  /** A fresh account (Glance) with a friend (a plain client) on the file server; the friend is stopped after the test. */
  .extend('pair', async ({ fileServer, peers }) => {
    n += 1;
    const { me, friend } = await accountWithFriend(fileServer, { me: `sharer${n}`, friend: `viewer${n}` });
    peers.push(friend);
    return { me, friend };
  });

async function openChat(page: Page, friendName: string): Promise<void> {
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: friendName, exact: true }).click();
}

/** Signs `me` in on the file server and opens the chat with `friend`. */
async function signInToChat(page: Page, fileServer: TestServer, me: string, friend: Peer): Promise<void> {
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${fileServer.port}` });
  await openChat(page, friend.bare.split('@')[0]!);
}

/** Records every value any progress bar on the page shows, from now on. */
async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const record = () => document.querySelectorAll('[role="progressbar"]').forEach((bar) => seen.push(bar.getAttribute('aria-valuenow') ?? ''));
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  return () => page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
}

const statusLabels = (page: Page) =>
  page
    .getByRole('log')
    .locator('.message.out [role="img"]')
    .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));

it('a file chosen with "Attach file" reaches the peer as body = OOB URL, the URL gives the same bytes, and the progress bar reached 100 %', async ({
  fileServer,
  pair,
  glance,
}) => {
  const { me, friend } = pair;
  const { page } = glance;
  await signInToChat(page, fileServer, me, friend);
  const progress = await recordProgress(page);
  const bytes = new Uint8Array(randomBytes(600_000));
  await page.getByLabel('Attach file').setInputFiles({ name: 'notes.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });

  const message = await friend.waitForMessage((m) => m.getChild('x', OOB) !== undefined, 15_000);
  const url = message.getChild('x', OOB)!.getChildText('url')!;
  expect(message.getChildText('body')).toBe(url);
  const download = await fetch(url);
  expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

  await expect.poll(progress).toContain('100');
  const log = page.getByRole('log');
  await expect.poll(() => log.getByText('notes.bin').count()).toBe(1);
  await expect.poll(() => statusLabels(page)).toEqual(['Sent']);
  expect(fileMessages(friend)).toHaveLength(1);

  // Several files at once: one message each, in the order chosen.
  await page.getByLabel('Attach file').setInputFiles([
    { name: 'first.txt', mimeType: 'text/plain', buffer: Buffer.from('one') },
    { name: 'second.txt', mimeType: 'text/plain', buffer: Buffer.from('two') },
  ]);
  await expect.poll(() => fileMessages(friend).length, { timeout: 15_000 }).toBe(3);
  expect(fileMessages(friend).map((m) => decodeURIComponent(m.getChildText('body')!.split('/').pop()!))).toEqual(['notes.bin', 'first.txt', 'second.txt']);
});

it('a file one byte over the limit is refused before any request, saying the limit; "Cancel" during a large upload sends nothing', async ({
  fileServer,
  pair,
  glance,
}) => {
  const { me, friend } = pair;
  const { page } = glance;
  await signInToChat(page, fileServer, me, friend);
  const attach = page.getByLabel('Attach file');

  const slotsBefore = slotsIssued(fileServer);
  await attach.setInputFiles({ name: 'too big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(FILE_SHARE_LIMIT + 1) });
  await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContain('“too big.bin” is larger than your server accepts (at most 4 MB).');
  expect(slotsIssued(fileServer)).toBe(slotsBefore);
  expect(await page.getByRole('log').locator('.message').count()).toBe(0);

  fileServer.throttleUploads(256 * 1024);
  try {
    await attach.setInputFiles({ name: 'video.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(randomBytes(3 * 1024 * 1024)) });
    await page.getByRole('progressbar', { name: 'video.bin' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Cancel sending video.bin' }).click();
    await expect.poll(() => page.getByRole('log').innerText()).toContain('Not sent: The upload was cancelled.');
  } finally {
    fileServer.throttleUploads(undefined);
  }
  // Anything the cancelled upload sent would reach the friend before a message written after it.
  await page.getByRole('textbox', { name: 'Message' }).fill('fence');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
  expect(fileMessages(friend)).toEqual([]);
  expect(await page.getByRole('progressbar').count()).toBe(0);
});

it('an attachment written offline is uploaded and delivered once after reconnecting, also after the page and the core were closed and reopened', async ({
  fileServer,
  pair,
  startFaultProxy,
  startPreview,
  context,
}) => {
  const { me, friend } = pair;
  const proxy = await startFaultProxy(fileServer.port);
  const port = await freePort();
  const first = await startPreview({ port });
  const { page } = await openGlance(context, first);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${proxy.port}` });
  await expect.poll(() => first.latest()?.upload).toEqual({ maxBytes: FILE_SHARE_LIMIT });
  const friendName = friend.bare.split('@')[0]!;
  await openChat(page, friendName);
  await proxy.close();
  await expect.poll(() => first.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');

  const bytes = new Uint8Array(randomBytes(300_000));
  await page.getByLabel('Attach file').setInputFiles({ name: 'offline photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(bytes) });
  await expect.poll(() => page.getByRole('log').getByText('offline photo.jpg').count()).toBe(1);
  await expect.poll(() => statusLabels(page)).toEqual(['Pending']);

  // Close the app: the page and the core both go. Then open it again on the same origin (same IndexedDB).
  await page.close();
  await first.stop();
  const second = await startPreview({ port });
  const reopened = await openGlance(context, second);
  await signIn(reopened.page, { address: me, password: 'pw', server: `127.0.0.1:${fileServer.port}` });

  const message = await friend.waitForMessage((m) => m.getChild('x', OOB) !== undefined, 20_000);
  const url = message.getChild('x', OOB)!.getChildText('url')!;
  expect(message.getChildText('body')).toBe(url);
  expect(sha256(new Uint8Array(await (await fetch(url)).arrayBuffer()))).toBe(sha256(bytes));

  await reopened.page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: friendName, exact: true }).click();
  await reopened.page.getByRole('textbox', { name: 'Message' }).fill('fence');
  await reopened.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
  expect(fileMessages(friend)).toHaveLength(1);
  await expect.poll(() => statusLabels(reopened.page)).toEqual(['Sent', 'Sent']);
});

it('a PNG the peer shares appears inline at its reserved size; an SVG and an HTML file appear only as cards; a stranger\'s picture waits for "Show picture"', async ({
  fileServer,
  pair,
  glance,
  peers,
}) => {
  const { me, friend } = pair;
  const { page } = glance;
  await signInToChat(page, fileServer, me, friend);
  const log = page.getByRole('log');

  await peerSharesFile(friend, me, { name: 'dot.png', mediaType: 'image/png', bytes: solidPng(32, 24) });
  const picture = log.getByRole('img', { name: 'dot.png' });
  await picture.waitFor({ timeout: 15_000 });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
  expect(await picture.boundingBox()).toMatchObject({ width: 240, height: 180 });
  expect(await picture.getAttribute('src')).toMatch(/^\/files\/[0-9a-f]{32}$/);

  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
  await peerSharesFile(friend, me, { name: 'drawing.svg', mediaType: 'image/svg+xml', bytes: svg });
  await peerSharesFile(friend, me, { name: 'page.html', mediaType: 'text/html', bytes: html });
  // An HTML file that calls itself a PNG: the bytes decide.
  await peerSharesFile(friend, me, { name: 'trick.png', mediaType: 'image/png', bytes: html });
  for (const name of ['drawing.svg', 'page.html', 'trick.png']) {
    await log.getByRole('button', { name: `Download ${name}` }).waitFor({ timeout: 15_000 });
  }
  expect(await log.getByRole('img').count()).toBe(1);

  const [download] = await Promise.all([page.waitForEvent('download'), log.getByRole('button', { name: 'Download page.html' }).click()]);
  expect(download.suggestedFilename()).toBe('page.html');
  expect(sha256(new Uint8Array(readFileSync(await download.path())))).toBe(sha256(html));

  const stranger = await connectPeer(fileServer, await fileServer.register(`stranger${n}`, 'pw'), 'pw');
  peers.push(stranger);
  await peerSharesFile(stranger, me, { name: 'hello.png', mediaType: 'image/png', bytes: solidPng(10, 10, [0, 120, 0]) });
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button', { name: new RegExp(`stranger${n}`) })
    .click();
  const show = page.getByRole('log').getByRole('button', { name: 'Show picture' });
  await show.waitFor({ timeout: 15_000 });
  expect(await page.getByRole('log').getByRole('img').count()).toBe(0);
  await show.click();
  await page.getByRole('log').getByRole('img', { name: 'hello.png' }).waitFor();
});

it('a file dropped onto the conversation and a picture pasted into the composer each reach the peer as a file message', async ({
  fileServer,
  pair,
  glance,
}) => {
  const { me, friend } = pair;
  const { page } = glance;
  await signInToChat(page, fileServer, me, friend);

  // What a drag from the file manager delivers: a drop event whose DataTransfer carries Files.
  await page.locator('section.conversation').evaluate((conversation) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['dropped bytes'], 'dropped.txt', { type: 'text/plain' }));
    conversation.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    conversation.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect.poll(() => fileMessages(friend).length, { timeout: 15_000 }).toBe(1);

  // What pasting a copied image delivers to the text area.
  const png = solidPng(4, 4);
  const composer = page.locator('.composer textarea');
  await composer.evaluate(
    (area, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    [...png],
  );
  await expect.poll(() => fileMessages(friend).length, { timeout: 15_000 }).toBe(2);
  const bodies = fileMessages(friend).map((m) => m.getChildText('body')!);
  expect(bodies.map((url) => decodeURIComponent(url.split('/').pop()!))).toEqual(['dropped.txt', 'image.png']);
  expect(sha256(new Uint8Array(await (await fetch(bodies[1]!)).arrayBuffer()))).toBe(sha256(png));
  // The composer's text stayed as it was: a paste of files is not text.
  expect(await composer.inputValue()).toBe('');
});

it('a picture whose download fails says why and offers "Retry", which shows it once the server answers', async ({ fileServer, pair, glance }) => {
  const { me, friend } = pair;
  const { page } = glance;
  // A web server on loopback that is down for the first request, then serves the picture.
  const png = solidPng(16, 12);
  let requests = 0;
  const web = createServer((request, response) => {
    requests += 1;
    if (requests === 1) response.writeHead(503).end();
    else response.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from(png));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => web.listen(port, '127.0.0.1', resolve));
  try {
    await signInToChat(page, fileServer, me, friend);
    const url = `http://127.0.0.1:${port}/photo.png`;
    await friend.sendChat(me, url, { children: [xml('x', { xmlns: OOB }, xml('url', {}, url))] });

    const log = page.getByRole('log');
    const alert = log.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toContain('“photo.png” could not be downloaded.');
    expect(await log.getByRole('img', { name: 'photo.png' }).count()).toBe(0);
    await alert.getByRole('button', { name: 'Retry' }).click();
    const picture = log.getByRole('img', { name: 'photo.png' });
    await picture.waitFor({ timeout: 15_000 });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
    expect(await alert.count()).toBe(0);
    expect(requests).toBe(2);
  } finally {
    await new Promise((resolve) => web.close(resolve));
  }
});
