import { expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { messageTexts, signIn } from '../support/glance-page';
import { accountWithFriend, connectPeer, type Peer } from '../support/peer';
import { waitFor } from '../support/wait';

// Enter takes the text at once: the composer clears as soon as the message is stored as pending,
// while the outbox keeps the order on the wire (new messages wait behind a new session's archive
// sync and the resends that follow it).

const bodies = (peer: Peer) => peer.received.filter((s) => s.is('message') && s.getChild('body')).map((s) => s.getChildText('body'));

it('clears the composer right after each Enter while reconnecting, and every message reaches the peer once, in order', async ({
  server,
  peers,
  startFaultProxy,
  preview,
  glance,
}) => {
  const { me, friend } = await accountWithFriend(server, { me: 'typist', friend: 'reader' });
  peers.push(friend);
  let proxy = await startFaultProxy(server.port);
  const port = proxy.port;
  const { page } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${port}` });
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: 'reader', exact: true }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });

  const type = async (text: string) => {
    await composer.fill(text);
    await composer.press('Enter');
    await waitFor(async () => (await composer.inputValue()) === '', { timeout: 3000, message: () => `composer empty after sending "${text}"` });
  };

  await type('before the drop');
  await friend.waitForMessage((m) => m.getChildText('body') === 'before the drop');

  // The network goes, and the server restarts meanwhile: the session cannot be resumed, so the
  // next one begins with an archive sync, and the outbox's resends wait for it.
  await proxy.close();
  await waitFor(() => preview!.latest().connection.status === 'connecting', { message: 'connection lost' });
  await type('offline 1');
  await type('offline 2');
  await server.restart();
  const friendAgain = await connectPeer(server, friend.bare, 'pw');
  peers.push(friendAgain);

  // Back, with the archive's answer held: the new session's sync cannot finish yet.
  proxy = await startFaultProxy(server.port, '127.0.0.1', port);
  const syncAnswer = proxy.holdFrom('<fin');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await waitFor(() => syncAnswer.triggered, { timeout: 15_000, message: 'the archive sync of the new session was answered' });
  await type('during the sync 1');
  await type('during the sync 2');
  expect(await messageTexts(page)).toEqual(['before the drop', 'offline 1', 'offline 2', 'during the sync 1', 'during the sync 2']);
  expect(bodies(friendAgain)).toEqual([]);

  syncAnswer.release();
  const expected = ['offline 1', 'offline 2', 'during the sync 1', 'during the sync 2'];
  await waitFor(() => bodies(friendAgain).length >= expected.length, {
    timeout: 15_000,
    message: () => `all messages; got ${JSON.stringify(bodies(friendAgain))}`,
  });
  // Nothing is left to go out again: every row was acknowledged by the server.
  const labels = () =>
    page
      .getByRole('log')
      .locator('.message.out [role="img"]')
      .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));
  await expect.poll(async () => (await labels()).some((label) => label === 'Pending'), { timeout: 10_000 }).toBe(false);
  expect(bodies(friend)).toEqual(['before the drop']);
  expect(bodies(friendAgain)).toEqual(expected);
});
