import { expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { messageTexts, openGlance, signIn } from '../support/glance-page';
import { accountWithFriend } from '../support/peer';
import { freePort } from '../support/ports';

it('messages written offline survive closing the app and are sent once each when it is back', async ({
  server,
  peers,
  startFaultProxy,
  startPreview,
  context,
}) => {
  const { me, friend } = await accountWithFriend(server, { me: 'traveller', friend: 'homebody' });
  peers.push(friend);

  // Glance reaches the server through a proxy, which goes away: the connection is lost.
  const proxy = await startFaultProxy(server.port);
  const port = await freePort();
  const first = await startPreview({ port });
  const { page } = await openGlance(context, first);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${proxy.port}` });
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: 'homebody', exact: true }).click();
  await proxy.close();
  await expect.poll(() => first.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');

  const composer = page.getByRole('textbox', { name: 'Message' });
  const texts = ['written offline 1', 'written offline 2', 'written offline 3'];
  for (const text of texts) {
    await composer.fill(text);
    await composer.press('Enter');
  }
  await expect.poll(() => messageTexts(page)).toEqual(texts);
  const labels = () =>
    page
      .getByRole('log')
      .locator('.message.out [role="img"]')
      .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));
  await expect.poll(labels).toEqual(['Pending', 'Pending', 'Pending']);

  // Close the app: the page and the core both go.
  await page.close();
  await first.stop();

  // Open it again (same origin, so the same IndexedDB) and sign in directly.
  const second = await startPreview({ port });
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
  await expect
    .poll(() =>
      reopened.page
        .getByRole('log')
        .locator('.message.out [role="img"]')
        .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label'))),
    )
    .toEqual(['Sent', 'Sent', 'Sent', 'Sent']);
});
