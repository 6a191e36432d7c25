import { expect } from 'vitest';
import { xml } from '@xmpp/client';
import { e2eTest as it } from '../support/fixtures/e2e';
import { signIn } from '../support/glance-page';

it('keeps a long conversation windowed and keeps your place while older messages load', async ({ server, registerPeer, glance }) => {
  const me = await server.register('reader', 'pw');
  const peer = await registerPeer('chatty');
  const { page } = glance;
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
