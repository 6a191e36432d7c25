import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { actionsTest } from '../support/fixtures/e2e';
import { xml } from '@xmpp/client';
import { expectNoProblems, messageTexts, signIn } from '../support/glance-page';
import {
  correction,
  historyText,
  legacyRetraction,
  NS_CORRECT,
  NS_FALLBACK,
  NS_HINTS,
  NS_RETRACT,
  listItem,
  nameOf,
  openChat,
  recorded,
  retraction,
  row,
} from '../support/message-actions-page';
import { connectOwnDevice, setWindowFocus } from '../support/read-status-setup';

/**
 * Corrections (XEP-0308) and retractions (XEP-0424), from a plain client sending the XEPs' own
 * stanzas and from Glance, live, after a reload and rebuilt from an archive that serves pages of 5.
 */
const it = actionsTest;

it('two corrections from the peer end as one edited row, live, after a reload and rebuilt from the archive; a third party changes nothing; one notification', async ({
  session,
  registerOnSession,
  rebuilt,
}) => {
  const { page, friend, me, problems } = { ...session, problems: [] as string[] };
  await session.context.grantPermissions(['notifications']);
  await setWindowFocus(page, false);
  const original = await friend.sendChat(me, 'Helo wrld');
  await friend.send(correction(me, 'fix-1', original, 'Hello wrld'));
  await friend.send(correction(me, 'fix-2', original, 'Hello world'));
  const mallory = await registerOnSession(`mallory-${nameOf(me)}`);
  await mallory.send(correction(me, 'fix-3', original, 'pwned'));
  await expect
    .poll(() => session.preview.history.some((e) => e.kind === 'correction' && e.correction.from.startsWith(mallory.bare)), { timeout: 10_000 })
    .toBe(true);

  const shows = async () => (await recorded(page)).filter((e) => e.kind === 'show');
  await expect.poll(async () => (await shows()).at(-1)?.body, { timeout: 10_000 }).toContain('Hello world');
  expect((await shows()).every((e) => e.count === 1)).toBe(true);
  await expect.poll(() => listItem(page, friend.bare).locator('.unread').innerText()).toBe('1');

  await setWindowFocus(page, true);
  await openChat(page, friend.bare);
  const check = async (p: Page) => {
    await expect.poll(() => messageTexts(p), { timeout: 15_000 }).toEqual(['Hello world']);
    await expect.poll(() => row(p, 'Hello world').getByText('edited', { exact: true }).count()).toBe(1);
    expect(await p.getByRole('log').locator('.message').count()).toBe(1);
  };
  await check(page);
  // Mallory's correction names no message of hers: no conversation, no row changed.
  expect(await listItem(page, mallory.bare).count()).toBe(0);

  await page.reload();
  await openChat(page, friend.bare);
  await check(page);

  const fresh = await rebuilt(me);
  await openChat(fresh.page, friend.bare);
  await check(fresh.page);
  expectNoProblems([...problems, ...fresh.problems]);
});

it('a retraction from the peer makes a tombstone, drops the unread count, closes the notification and leaves no text in IndexedDB; the same rebuilt from the archive; the legacy form too, arriving before its message', async ({
  session,
  rebuilt,
  smallPagesServer,
  peers,
}) => {
  const { page, friend, me } = session;
  await session.context.grantPermissions(['notifications']);
  await setWindowFocus(page, false);
  const secret = await friend.sendChat(me, 'the secret plan');
  await expect.poll(() => listItem(page, friend.bare).locator('.unread').innerText(), { timeout: 10_000 }).toBe('1');
  await expect.poll(async () => (await recorded(page)).at(-1)?.kind).toBe('show');
  await friend.send(retraction(me, 'retract-1', secret));
  await expect.poll(async () => (await recorded(page)).at(-1)?.kind, { timeout: 10_000 }).toBe('close');
  await expect.poll(() => listItem(page, friend.bare).locator('.unread').count()).toBe(0);
  // The legacy form, before its message: the message goes only to our phone (private, XEP-0280 §6),
  // so Glance first sees it when the archive brings it in the next session.
  for (let i = 1; i <= 5; i += 1) await friend.sendChat(me, `filler ${i}`);
  await expect.poll(() => session.preview.messages.some((m) => m.body === 'filler 5'), { timeout: 10_000 }).toBe(true);
  const name = nameOf(friend.bare);
  const check = async (p: Page, tombstones: number) => {
    await expect.poll(() => p.getByRole('log').getByText(`${name} deleted a message`).count(), { timeout: 15_000 }).toBe(tombstones);
    expect(await messageTexts(p)).toEqual(['filler 1', 'filler 2', 'filler 3', 'filler 4', 'filler 5']);
    const stored = await historyText(p, me);
    expect(stored).not.toContain('secret');
    expect(stored).not.toContain('retracted a previous message');
  };
  // Rebuilt from the archive alone, which keeps the original and then the retraction.
  const fresh = await rebuilt(me);
  await openChat(fresh.page, friend.bare);
  await check(fresh.page, 1);

  const phone = await connectOwnDevice(smallPagesServer, me);
  peers.push(phone);
  const legacy = await friend.sendChat(phone.jid, 'the older secret', {
    children: [xml('private', { xmlns: 'urn:xmpp:carbons:2' }), xml('no-copy', { xmlns: NS_HINTS })],
  });
  await phone.waitForMessage((m) => m.attrs.id === legacy);
  // Without its fallback body the server does not archive it: only this live copy exists, and it
  // comes before its message, which only the next session's archive sync brings.
  const unarchived = legacyRetraction(me, 'retract-2', legacy);
  unarchived.children = unarchived.children.filter((child) => typeof child === 'string' || !child.is('body'));
  await friend.send(unarchived);
  await expect.poll(() => session.preview.history.some((e) => e.kind === 'retraction' && e.retraction.target === legacy), { timeout: 10_000 }).toBe(true);
  expect(session.preview.messages.some((m) => m.body === 'the older secret')).toBe(false);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${smallPagesServer.port}` });
  await expect.poll(() => session.preview.messages.some((m) => m.body === 'the older secret'), { timeout: 10_000 }).toBe(true);

  await setWindowFocus(page, true);
  await openChat(page, friend.bare);
  await check(page, 2);
});

it('Up arrow in an empty composer edits our last message, and Delete asks first; the peer gets both in the XEPs’ formats', async ({ session }) => {
  const { page, friend, me } = session;
  await friend.sendChat(me, 'hi');
  await openChat(page, friend.bare);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('teh plan');
  await composer.press('Enter');
  const sent = await friend.waitForMessage((m) => m.getChildText('body') === 'teh plan');

  await expect.poll(() => composer.inputValue()).toBe('');
  await expect.poll(() => row(page, 'teh plan').locator('.status').getAttribute('aria-label'), { timeout: 10_000 }).not.toBe('Pending');
  await composer.press('ArrowUp');
  await expect.poll(() => composer.inputValue()).toBe('teh plan');
  await page.getByText('Editing your message').waitFor();
  await composer.fill('the plan');
  await composer.press('Enter');
  const fixed = await friend.waitForMessage((m) => m.getChild('replace', NS_CORRECT) !== undefined);
  expect(fixed.getChild('replace', NS_CORRECT)!.attrs.id).toBe(sent.attrs.id);
  expect(fixed.getChildText('body')).toBe('the plan');
  expect(fixed.attrs.id).not.toBe(sent.attrs.id);
  await expect.poll(() => messageTexts(page)).toEqual(['hi', 'the plan']);
  await row(page, 'the plan').getByText('edited', { exact: true }).waitFor();

  // The keyboard reaches a row's actions: focus the row, Tab into them.
  await page.mouse.move(0, 0);
  expect(await row(page, 'the plan').getByRole('button', { name: 'Delete' }).count()).toBe(0);
  await row(page, 'the plan').focus();
  for (const action of ['edited', 'React', 'Reply', 'Edit', 'Delete']) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(action);
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete this message for everyone?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const retracted = await friend.waitForMessage((m) => m.getChild('retract', NS_RETRACT) !== undefined);
  expect(retracted.getChild('retract', NS_RETRACT)!.attrs.id).toBe(sent.attrs.id);
  expect(retracted.getChild('fallback', NS_FALLBACK)?.attrs.for).toBe(NS_RETRACT);
  expect(retracted.getChild('store', NS_HINTS)).toBeDefined();
  expect(retracted.getChildText('body')).toBeTruthy();
  await page.getByRole('log').getByText('You deleted a message').waitFor();
  expect(await messageTexts(page)).toEqual(['hi']);
});
