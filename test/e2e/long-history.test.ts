import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { xml } from '@xmpp/client';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { openGlance, signIn } from '../support/glance-page';
import { connectPeer, type Peer } from '../support/peer';
import { startPreview, type RunningPreview } from '../support/preview';
import { startProsody, type TestServer } from '../support/prosody';

let server: TestServer;
let browser: TestBrowser;
let preview: RunningPreview;
let context: BrowserContext;
let peer: Peer;

beforeAll(async () => {
  [server, browser] = await Promise.all([startProsody(), launchBrowser()]);
});

afterEach(async () => {
  await context?.close();
  await preview?.stop();
  await peer?.stop();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('keeps a long conversation windowed and keeps your place while older messages load', async () => {
  const me = await server.register('reader', 'pw');
  await server.register('chatty', 'pw');
  peer = await connectPeer(server, 'chatty@localhost', 'pw');
  preview = await startPreview();
  context = await browser.newContext();
  const { page } = await openGlance(context, preview);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

  const total = 600;
  const label = (i: number) => `message ${String(i).padStart(4, '0')}`;
  await peer.client.sendMany(Array.from({ length: total }, (_, i) => xml('message', { to: me, type: 'chat', id: `m${i}` }, xml('body', {}, label(i + 1)))));
  const item = page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'chatty', exact: true });
  await expect.poll(() => item.locator('.unread').innerText(), { timeout: 20_000 }).toBe(String(total));
  await item.click();

  const log = page.getByRole('log', { name: 'chatty' });
  // With everything unread, the conversation opens at the first unread message, under the divider.
  await log.getByRole('separator', { name: 'New messages' }).waitFor();
  await log.getByText(label(1), { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Jump to the newest messages' }).click();
  await log.getByText(label(total), { exact: true }).waitFor();
  const rows = log.locator('[data-key]');
  let maxRows = 0;
  // Scroll to the top repeatedly; each time older rows load above, the row that was on top stays put.
  for (let step = 0; step < 40; step += 1) {
    maxRows = Math.max(maxRows, await rows.count());
    if (await log.getByText(label(1), { exact: true }).count()) break;
    const before = await rows.first().evaluate((row) => ({ key: row.getAttribute('data-key'), top: row.getBoundingClientRect().top }));
    await log.evaluate((el) => {
      el.scrollTop = 0;
    });
    const topAfterScroll = await page.evaluate((key) => document.querySelector(`[data-key="${key}"]`)!.getBoundingClientRect().top, before.key);
    await expect.poll(() => rows.first().getAttribute('data-key'), { timeout: 10_000 }).not.toBe(before.key);
    const topAfterLoad = await page.evaluate((key) => document.querySelector(`[data-key="${key}"]`)?.getBoundingClientRect().top, before.key);
    expect(Math.abs((topAfterLoad ?? -9999) - topAfterScroll)).toBeLessThanOrEqual(2);
  }
  await log.getByText(label(1), { exact: true }).waitFor();
  expect(maxRows).toBeLessThanOrEqual(200);
  const texts = await log.locator('.message .text').allInnerTexts();
  expect(texts[0]).toBe(label(1));
  // In order, no gaps, no duplicates, within the window.
  const numbers = texts.map((t) => Number(t.split(' ')[1]));
  expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
});
