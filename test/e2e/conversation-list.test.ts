// The conversation list renders only the rows in view (issue 6, #7), yet every conversation is
// reachable: by scrolling, and from the keyboard (arrow keys, Home, End), and assistive technology
// is told how many there are.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eTest as it } from '../support/fixtures/e2e';
import { messageTexts, signIn } from '../support/glance-page';
import { connectPeer } from '../support/peer';

const FRIENDS = 30;

it('keeps only the rows in view in the page, and reaches every conversation by scrolling and by keyboard', async ({ server, peers, glance }) => {
  const me = await server.register('popular', 'pw');
  const friends = await server.registerMany(FRIENDS, 'friend', 'pw');
  const { page } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

  // friend1 writes first, friend30 last: the list shows friend30 at the top, friend1 at the bottom.
  for (const friend of friends) {
    const peer = await connectPeer(server, friend.jid, 'pw');
    peers.push(peer);
    await peer.sendChat(me, `hello from ${friend.user}`);
    await expect.poll(() => rowCount(page, { setSize: true }), { timeout: 10_000 }).toBeGreaterThan(0);
  }
  const list = page.getByRole('list', { name: 'Conversations' });
  await expect.poll(() => list.locator('li').first().getAttribute('aria-setsize')).toBe(String(FRIENDS));
  const rendered = await list.locator('li').count();
  expect(rendered, 'rows in the page').toBeLessThan(FRIENDS);
  expect(await list.locator('li').first().getByRole('button').getAttribute('aria-label')).toBe('friend30');

  // Scrolling to the end brings the oldest conversation in.
  await list.evaluate((ul) => ul.parentElement!.scrollTo({ top: ul.parentElement!.scrollHeight }));
  await list.getByRole('button', { name: 'friend1', exact: true }).waitFor();
  expect(await list.locator('li').last().getAttribute('aria-posinset')).toBe(String(FRIENDS));

  // The keyboard reaches every one, including rows not in the page when the key is pressed.
  await list.evaluate((ul) => ul.parentElement!.scrollTo({ top: 0 }));
  await list.getByRole('button', { name: 'friend30', exact: true }).focus();
  await page.keyboard.press('End');
  await expect.poll(() => focusedName(page)).toBe('friend1');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedName(page)).toBe('friend2');
  await page.keyboard.press('Home');
  await expect.poll(() => focusedName(page)).toBe('friend30');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedName(page)).toBe('friend29');
  await page.keyboard.press('Enter');
  await expect.poll(() => messageTexts(page)).toEqual(['hello from friend29']);
});

async function rowCount(page: Page, o: { setSize: boolean }): Promise<number> {
  return page.locator(`ul[aria-label="Conversations"] > li${o.setSize ? '[aria-setsize]' : ''}`).count();
}

async function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
}
