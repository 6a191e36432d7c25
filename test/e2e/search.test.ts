import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readingTest as it } from '../support/fixtures/e2e';
import { listItem, nameOf, retraction } from '../support/message-actions-page';

/**
 * Search (Ctrl+F / Ctrl+Shift+F) and the quick switcher (Ctrl+K, Alt+arrows), in Chromium through
 * the preview, with messages from plain XMPP clients on Prosody.
 */

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search messages' });
const results = (page: Page) => page.getByRole('list', { name: 'Search results' });
const resultTexts = (page: Page) => results(page).locator('.text').allInnerTexts();
const marked = (page: Page) => results(page).locator('mark').allInnerTexts();

/** Types a query and waits until the panel says it answered that query. */
async function search(page: Page, query: string): Promise<void> {
  await searchBox(page).fill(query);
  await expect.poll(() => page.getByRole('search').getByRole('status').innerText(), { timeout: 10_000 }).toContain(`“${query}”`);
}

it('finds a word, a prefix and two Chinese characters from the middle of a sentence, opens the conversation at a result, and never finds a retracted message', async ({
  session,
}) => {
  const { page, friend, me } = session;
  await friend.sendChat(me, 'Shall we have lunch tomorrow?');
  await friend.sendChat(me, 'The quarterly report is ready');
  await friend.sendChat(me, '我们明天在公司见面吧');
  const secret = await friend.sendChat(me, 'the secret launch codes');
  await expect.poll(() => listItem(page, friend.bare).locator('.unread').innerText(), { timeout: 10_000 }).toBe('4');

  await page.keyboard.press('Control+Shift+F');
  await expect.poll(() => searchBox(page).evaluate((box) => box === document.activeElement)).toBe(true);

  await search(page, 'lunch');
  expect(await resultTexts(page)).toEqual(['Shall we have lunch tomorrow?']);
  expect(await marked(page)).toEqual(['lunch']);
  await search(page, 'quart');
  expect(await resultTexts(page)).toEqual(['The quarterly report is ready']);
  expect(await marked(page)).toEqual(['quart']);
  await search(page, '公司');
  expect(await resultTexts(page)).toEqual(['我们明天在公司见面吧']);
  expect(await marked(page)).toEqual(['公司']);
  await search(page, 'the');
  // Newest first.
  expect(await resultTexts(page)).toEqual(['the secret launch codes', 'The quarterly report is ready']);
  await search(page, 'secret');
  expect(await resultTexts(page)).toEqual(['the secret launch codes']);

  // Retracted while its result is shown: the result goes by itself, and no search finds it again.
  await friend.send(retraction(me, 'retract-1', secret));
  await expect.poll(() => page.getByRole('search').getByRole('status').innerText(), { timeout: 10_000 }).toContain('No messages match “secret”');
  expect(await results(page).count()).toBe(0);
  await search(page, 'secre');
  expect(await page.getByRole('search').getByRole('status').innerText()).toContain('No messages match “secre”');

  // Choosing a result opens its conversation with that message in view and highlighted.
  await search(page, 'quarterly');
  await results(page).getByRole('button').first().click();
  const log = page.getByRole('log', { name: nameOf(friend.bare) });
  await log.waitFor();
  const found = log.locator('.message.found');
  await expect.poll(() => found.innerText(), { timeout: 10_000 }).toContain('The quarterly report is ready');
  await expect
    .poll(() =>
      found.evaluate((row) => {
        const box = row.getBoundingClientRect();
        const view = row.closest('[role="log"]')!.getBoundingClientRect();
        return box.top >= view.top && box.bottom <= view.bottom;
      }),
    )
    .toBe(true);

  // Ctrl+F in an open conversation searches only that conversation.
  await page.keyboard.press('Control+F');
  await expect.poll(() => page.getByRole('search').getByRole('combobox', { name: 'Search in' }).inputValue()).toBe('conversation');
});

it('Ctrl+K finds a conversation by part of its name and Enter opens it; Alt+↓ and Alt+↑ move between conversations; Ctrl+/ lists the shortcuts', async ({
  session,
  registerPeer,
}) => {
  const { page, friend, me } = session;
  const stranger = await registerPeer(`zebra-${nameOf(me)}`);
  await friend.sendChat(me, 'first');
  await expect.poll(() => listItem(page, friend.bare).count(), { timeout: 10_000 }).toBe(1);
  await stranger.sendChat(me, 'second');
  await expect.poll(() => listItem(page, stranger.bare).count(), { timeout: 10_000 }).toBe(1);

  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: 'Go to conversation' });
  await dialog.waitFor();
  await dialog.getByRole('combobox', { name: 'Name or address' }).fill('ebra');
  expect(await dialog.getByRole('option').first().innerText()).toContain(nameOf(stranger.bare));
  await page.keyboard.press('Enter');
  await page.getByRole('log', { name: nameOf(stranger.bare) }).waitFor();
  expect(await dialog.isVisible()).toBe(false);

  // The list is newest first: the stranger's conversation, then the friend's.
  await page.keyboard.press('Alt+ArrowDown');
  await page.getByRole('log', { name: nameOf(friend.bare) }).waitFor();
  await page.keyboard.press('Alt+ArrowUp');
  await page.getByRole('log', { name: nameOf(stranger.bare) }).waitFor();
  // Also with the focus on the conversation list, whose own arrow keys only move the focus.
  await listItem(page, stranger.bare).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.getByRole('log', { name: nameOf(friend.bare) }).waitFor();

  await page.keyboard.press('Control+/');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  expect(await sheet.getByRole('row').count()).toBeGreaterThan(10);
  await expect.poll(() => sheet.innerText()).toContain('Ctrl+K');
});
