import { xml } from '@xmpp/client';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { actionsTest as it } from '../support/fixtures/e2e';
import { messageTexts } from '../support/glance-page';
import { listItem, nameOf, NS_FALLBACK, openChat, row } from '../support/message-actions-page';
import { wiggle } from '../support/read-status-setup';

/** Replies (XEP-0461) with their quoted fallback (XEP-0428), from a plain client and from Glance. */

const NS_REPLY = 'urn:xmpp:reply:0';

/** The row whose own text is exactly `text` (a reply's quote does not count). */
const exactRow = (page: Page, text: string) =>
  page
    .getByRole('log')
    .locator('.message')
    .filter({ has: page.locator('.text', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

/** Whether the row lies inside the message list's viewport. */
const inView = (target: Locator) =>
  target.evaluate((element) => {
    const list = element.closest('[role="log"]')!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.bottom > list.top && box.top < list.bottom;
  });

it('a reply from the peer shows its quote without the fallback, and clicking the quote shows the quoted message; ours carries the reply and the fallback range', async ({
  session,
}) => {
  const { page, friend, me } = session;
  await friend.sendChat(me, 'hi');
  await openChat(page, friend.bare);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Shall we bake a cake?');
  await composer.press('Enter');
  const quoted = await friend.waitForMessage((m) => m.getChildText('body') === 'Shall we bake a cake?');
  for (let i = 1; i <= 40; i += 1) await friend.sendChat(me, `filler ${i}`);
  const quote = '> Shall we bake a cake?\n';
  const answer = await friend.sendChat(me, `${quote}Great idea!`, {
    children: [
      xml('reply', { to: `${me}/glance`, id: quoted.attrs.id!, xmlns: NS_REPLY }),
      xml('fallback', { xmlns: NS_FALLBACK, for: NS_REPLY }, xml('body', { start: '0', end: String([...quote].length) })),
    ],
  });
  await expect.poll(() => messageTexts(page).then((texts) => texts.at(-1)), { timeout: 10_000 }).toBe('Great idea!');
  // Read here, so the conversation reopens at its newest messages.
  await wiggle(page);
  await expect.poll(() => listItem(page, friend.bare).locator('.unread').count(), { timeout: 10_000 }).toBe(0);

  // Reopened at the newest messages: the quoted one is not even loaded.
  await page.reload();
  await openChat(page, friend.bare);
  const reply = row(page, 'Great idea!');
  const quoteButton = reply.getByRole('button', { name: 'Show the message from You: Shall we bake a cake?' });
  await quoteButton.waitFor({ timeout: 10_000 });
  expect(await exactRow(page, 'Shall we bake a cake?').count()).toBe(0);
  await quoteButton.click();
  await expect.poll(() => exactRow(page, 'Shall we bake a cake?').count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => inView(exactRow(page, 'Shall we bake a cake?'))).toBe(true);

  // Our reply to the peer's reply.
  await page.getByRole('button', { name: 'Jump to the newest messages' }).click();
  await row(page, 'Great idea!').hover();
  await row(page, 'Great idea!').getByRole('button', { name: 'Reply' }).click();
  await page.getByText(`Replying to ${nameOf(friend.bare)}: Great idea!`).waitFor();
  await composer.fill('Chocolate, then');
  await composer.press('Enter');
  const ours = await friend.waitForMessage((m) => m.getChild('reply', NS_REPLY) !== undefined);
  expect(ours.getChild('reply', NS_REPLY)!.attrs).toMatchObject({ id: answer, to: friend.bare });
  const fallbackQuote = '> Great idea!\n';
  expect(ours.getChildText('body')).toBe(`${fallbackQuote}Chocolate, then`);
  const range = ours.getChild('fallback', NS_FALLBACK)!;
  expect(range.attrs.for).toBe(NS_REPLY);
  expect(range.getChild('body')!.attrs).toMatchObject({ start: '0', end: String([...fallbackQuote].length) });
  await expect.poll(() => messageTexts(page).then((texts) => texts.at(-1))).toBe('Chocolate, then');
  await row(page, 'Chocolate, then')
    .getByRole('button', { name: `Show the message from ${nameOf(friend.bare)}: Great idea!` })
    .waitFor();
});
