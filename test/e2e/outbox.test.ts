import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { messageTexts, openGlance, signIn } from '../support/glance-page';
import { accountWithFriend, type Peer } from '../support/peer';
import { freePort } from '../support/ports';
import { startPreview, type RunningPreview } from '../support/preview';
import { startProsody, type TestServer } from '../support/prosody';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

let server: TestServer;
let browser: TestBrowser;
let context: BrowserContext | undefined;
const previews: RunningPreview[] = [];
const peers: Peer[] = [];
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startProsody(), launchBrowser()]);
});

afterAll(async () => {
  await context?.close();
  await Promise.all(previews.map((p) => p.stop()));
  await Promise.all(peers.map((p) => p.stop()));
  await proxy?.close();
  await browser?.close();
  await server?.stop();
});

it('messages written offline survive closing the app and are sent once each when it is back', async () => {
  const { me, friend } = await accountWithFriend(server, { me: 'traveller', friend: 'homebody' });
  peers.push(friend);

  // Glance reaches the server through a proxy, which goes away: the connection is lost.
  proxy = await startFaultProxy(server.port);
  const port = await freePort();
  const first = await startPreview({ port });
  previews.push(first);
  context = await browser.newContext();
  const { page } = await openGlance(context, first);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${proxy.port}` });
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: 'homebody', exact: true }).click();
  await proxy.close();
  proxy = undefined;
  await expect.poll(() => first.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');

  const composer = page.getByRole('textbox', { name: 'Message' });
  const texts = ['written offline 1', 'written offline 2', 'written offline 3'];
  for (const text of texts) {
    await composer.fill(text);
    await composer.press('Enter');
  }
  await expect.poll(() => messageTexts(page)).toEqual(texts);
  const labels = () => page.getByRole('log').locator('.message.out [role="img"]').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));
  await expect.poll(labels).toEqual(['Pending', 'Pending', 'Pending']);

  // Close the app: the page and the core both go.
  await page.close();
  await first.stop();

  // Open it again (same origin, so the same IndexedDB) and sign in directly.
  const second = await startPreview({ port });
  previews.push(second);
  const reopened = await openGlance(context, second);
  await signIn(reopened.page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  for (const text of texts) await friend.waitForMessage((m) => m.getChildText('body') === text, 15_000);
  // A later message from the friend is answered by nothing; Glance's own later message is the fence.
  await reopened.page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'homebody', exact: true }).click();
  await reopened.page.getByRole('textbox', { name: 'Message' }).fill('fence');
  await reopened.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
  const bodies = friend.received.filter((s) => s.is('message') && s.getChildText('body')).map((s) => s.getChildText('body'));
  expect(bodies).toEqual([...texts, 'fence']);
  const ids = friend.received.filter((s) => texts.includes(s.getChildText('body') ?? '')).map((s) => s.attrs.id);
  expect(new Set(ids).size).toBe(3);
  await expect.poll(() => reopened.page.getByRole('log').locator('.message.out [role="img"]').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')))).toEqual(['Sent', 'Sent', 'Sent', 'Sent']);
});
