import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { expectNoProblems, signIn } from '../support/glance-page';
import { connectPeer, makeContacts } from '../support/peer';

// Issue 14 item 3 in Chromium through the preview: pins and the archive survive a reload, a new
// message brings an archived conversation back, the filter box narrows the list as you type, and
// the server's roster groups filter the contacts.

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const names = (page: Page) =>
  list(page)
    .locator('li button')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));

it('pins, archives, filters the list and filters contacts by roster group', async ({ server, glance, registerPeer }) => {
  const me = await server.register('organiser', 'pw');
  const ann = await registerPeer('ann');
  const bob = await registerPeer('bob');
  // Another device of ours makes the contacts and puts them in groups, as any client may.
  const device = await connectPeer(server, me, 'pw', { resource: 'setup' });
  await makeContacts(device, ann);
  await makeContacts(device, bob);
  await device.rosterSet(ann.bare, { groups: ['Work'] });
  await device.rosterSet(bob.bare, { groups: ['Family', 'Friends'] });
  await device.stop();

  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await ann.sendChat(me, 'from ann');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['ann']);
  await bob.sendChat(me, 'from bob');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['bob', 'ann']);

  // Pinned: on top although older.
  await list(page).getByRole('button', { name: 'ann', exact: true }).click();
  await page.getByRole('button', { name: 'Pin ann' }).click();
  await expect.poll(() => names(page)).toEqual(['ann', 'bob']);
  expect(await page.getByRole('button', { name: 'Unpin ann' }).getAttribute('aria-pressed')).toBe('true');

  // Archived: out of the list, in the Archived view.
  await list(page).getByRole('button', { name: 'bob', exact: true }).click();
  await page.getByRole('button', { name: 'Archive bob' }).click();
  await expect.poll(() => names(page)).toEqual(['ann']);
  await page.getByRole('button', { name: 'Archived (1)' }).click();
  await expect.poll(() => names(page)).toEqual(['bob']);
  await page.getByRole('button', { name: 'Back to chats', exact: true }).click();

  // Both survive a reload.
  await page.reload();
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['ann']);
  await page.getByRole('button', { name: 'Archived (1)' }).waitFor();

  // A new message brings the archived conversation back, under the pinned one.
  await bob.sendChat(me, 'are you there?');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['ann', 'bob']);

  // The filter box narrows the list as you type, by name or address.
  const filter = page.getByRole('searchbox', { name: 'Filter conversations' });
  await filter.fill('bo');
  await expect.poll(() => names(page)).toEqual(['bob']);
  await filter.fill('nobody');
  await expect.poll(() => names(page)).toEqual([]);
  await page.getByText('No conversation matches.').waitFor();
  await filter.fill('');
  await expect.poll(() => names(page)).toEqual(['ann', 'bob']);

  // The server's roster groups filter the contacts view.
  await page.getByRole('tab', { name: 'Contacts' }).click();
  const contacts = page.getByRole('list', { name: 'Contact list' });
  // Rows past the matches stay in the list, hidden, for the next keystroke: only visible ones count.
  const contactNames = () => contacts.locator('li:visible button.open').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  await expect.poll(contactNames, { timeout: 10_000 }).toEqual(['ann', 'bob']);
  const group = page.getByRole('combobox', { name: 'Group' });
  expect(await group.locator('option').allInnerTexts()).toEqual(['All groups', 'Family', 'Friends', 'Work']);
  await group.selectOption('Work');
  await expect.poll(contactNames).toEqual(['ann']);
  await group.selectOption('');
  const contactFilter = page.getByRole('searchbox', { name: 'Filter contacts' });
  await contactFilter.fill('bob@');
  await expect.poll(contactNames).toEqual(['bob']);
  // Rows are reused as the filter changes: each shows its own contact, and none says so when nobody matches.
  await contactFilter.fill('ann@');
  await expect.poll(contactNames).toEqual(['ann']);
  expect(await contacts.locator('li:visible').allInnerTexts()).toEqual([expect.stringContaining('ann@localhost')]);
  expect(await contacts.getByRole('listitem').count()).toBe(1);
  await contactFilter.fill('nobody');
  await expect.poll(contactNames).toEqual([]);
  await page.locator('.contacts').getByText('No conversation matches.').waitFor();
  await contactFilter.fill('');
  await expect.poll(contactNames).toEqual(['ann', 'bob']);
  expectNoProblems(problems);
});
