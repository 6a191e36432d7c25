import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts, signIn } from '../support/glance-page';
import { accountWithFriend } from '../support/peer';

// XEP-0191 in Chromium through the preview: a blocked contact's messages do not appear, not in the
// conversation, the list or a notification; after unblocking they do again.

const conversationItem = (page: Page, name: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name, exact: true });

it('blocks a contact from the conversation, shows it in Settings, and unblocks it there', async ({ server, glance, registerPeer, peers, preview }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'blocker', friend: 'pest' });
  peers.push(friend);
  const other = await registerPeer('bystander');
  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

  await friend.sendChat(me, 'hello before');
  await conversationItem(page, 'pest').click({ timeout: 10_000 });
  await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['hello before']);

  await page.getByRole('button', { name: 'Block pest' }).click();
  // The confirmation has the focus; Enter on "Block" blocks.
  await page
    .getByRole('group', { name: /Block pest\?/ })
    .getByRole('button', { name: 'Block', exact: true })
    .press('Enter');
  await page.getByRole('button', { name: 'Unblock pest' }).waitFor({ timeout: 10_000 });
  expect(await page.getByRole('status').filter({ hasText: 'You blocked this address' }).count()).toBe(1);

  const notificationsBefore = preview.events.notifications.length;
  await friend.sendChat(me, 'while blocked');
  // Someone else writing after it: once their message shows, the blocked one would have too.
  await other.sendChat(me, 'from the bystander');
  await conversationItem(page, 'bystander').waitFor({ timeout: 10_000 });
  expect(await conversationItem(page, 'pest').innerText()).not.toContain('while blocked');
  expect(JSON.stringify(preview.events.notifications.slice(notificationsBefore))).not.toContain('pest');
  await conversationItem(page, 'pest').click();
  await expect.poll(() => messageTexts(page)).toEqual(['hello before']);

  await page.getByRole('button', { name: 'Settings' }).first().click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const blockedList = settings.getByRole('list', { name: 'Blocked addresses' });
  await expect.poll(() => blockedList.innerText()).toContain(friend.bare);
  await settings.getByRole('button', { name: `Unblock ${friend.bare}` }).click();
  await expect.poll(() => settings.getByText('You have not blocked anyone.').count(), { timeout: 10_000 }).toBe(1);
  await settings.getByRole('button', { name: 'Close' }).click();

  await friend.sendChat(me, 'after unblocking');
  await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['hello before', 'after unblocking']);
  await page.getByRole('button', { name: 'Block pest' }).waitFor();
  expectNoProblems(problems);
});

it('blocks a stranger from their contact request in one step', async ({ server, glance, registerPeer }) => {
  const me = await server.register('wanted', 'pw');
  const stranger = await registerPeer('stalker');
  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await stranger.subscribeTo(me);
  await page.getByRole('tab', { name: 'Contacts' }).click();
  const requests = page.getByRole('region', { name: 'Contact requests' });
  await requests.getByText(`${stranger.bare} would like to see`).waitFor({ timeout: 10_000 });
  await requests.getByRole('button', { name: 'Block', exact: true }).click();
  await expect.poll(() => requests.count(), { timeout: 10_000 }).toBe(0);
  // Their roster shows the request declined, and asking again reaches nothing.
  await expect.poll(async () => (await stranger.roster()).find((item) => item.jid === me)?.ask, { timeout: 10_000 }).toBeUndefined();
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const blockedList = page.getByRole('dialog', { name: 'Settings' }).getByRole('list', { name: 'Blocked addresses' });
  await expect.poll(() => blockedList.innerText()).toContain(stranger.bare);
  expectNoProblems(problems);
});
