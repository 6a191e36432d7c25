import { expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { expectNoProblems, signIn } from '../support/glance-page';
import { connectPeer } from '../support/peer';

// The contacts view keeps only the rows near the view and reuses them by position as it scrolls:
// Tab and Shift+Tab still walk the contacts one after the other, the focus staying on its contact.

const COUNT = 40;
const nameOf = (i: number) => `Contact ${String(i).padStart(2, '0')}`;

it('walks a long contact list with Tab and Shift+Tab, in order, past the rows first shown', async ({ server, glance }) => {
  const me = await server.register('walker', 'pw');
  const device = await connectPeer(server, me, 'pw', { resource: 'setup' });
  for (let i = 0; i < COUNT; i++) await device.rosterSet(`c${i}@localhost`, { name: nameOf(i) });
  await device.stop();

  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await page.getByRole('tab', { name: 'Contacts' }).click();
  const contacts = page.getByRole('list', { name: 'Contact list' });
  await contacts.locator(`li[aria-setsize="${COUNT}"]`).first().waitFor({ timeout: 10_000 });
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement;
      return `${element?.closest('li')?.querySelector('.open')?.getAttribute('aria-label')} ${element?.classList.contains('remove') ? 'Remove' : 'open'}`;
    });

  // One key per frame, as a person types: the list follows each scroll in the frame after it.
  const press = async (key: string) => {
    await page.keyboard.press(key);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  };

  await contacts.getByRole('button', { name: nameOf(0), exact: true }).focus();
  // Each contact has two buttons: the row itself and "Remove".
  for (let i = 0; i < 2 * 30; i++) await press('Tab');
  expect(await focused()).toBe(`${nameOf(30)} open`);
  await expect.poll(() => contacts.getByRole('button', { name: nameOf(30), exact: true }).isVisible()).toBe(true);
  for (let i = 0; i < 2 * 20 - 1; i++) await press('Shift+Tab');
  expect(await focused()).toBe(`${nameOf(10)} Remove`);
  expectNoProblems(problems);
});
