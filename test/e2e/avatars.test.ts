import { createHash } from 'node:crypto';
import xml from '@xmpp/xml';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { e2eTest } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts, signIn } from '../support/glance-page';
import { accountWithFriend, type Peer } from '../support/peer';
import { pngSize, solidPng } from '../support/png';

// Issue 14 item 4 in Chromium through the preview, against Prosody: a contact's XEP-0084 avatar
// shows in the conversation list within a second of being published, is kept in IndexedDB (a reload
// shows it without fetching it again: checked on the wire), and the avatar set in the app is what
// another client fetches, from PEP and from vCard-temp.

// vCard-temp as most servers offer it (Prosody's vcard_legacy).
const it = e2eTest.override('serverOptions', { vcardTemp: true });
const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');
const listRow = (page: Page, name: string) =>
  page.locator('ul[aria-label="Conversations"] > li').filter({ has: page.getByRole('button', { name, exact: true }) });

/** XEP-0084 Examples 1 and 3, as a plain client sends them: the data, then the metadata. */
async function publishAvatar(peer: Peer, png: Buffer): Promise<string> {
  const hash = sha1(png);
  const publish = (node: string, payload: ReturnType<typeof xml>) =>
    peer.iq(xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('publish', { node }, xml('item', { id: hash }, payload)))));
  await publish('urn:xmpp:avatar:data', xml('data', { xmlns: 'urn:xmpp:avatar:data' }, png.toString('base64')));
  const { width, height } = pngSize(png);
  await publish(
    'urn:xmpp:avatar:metadata',
    xml(
      'metadata',
      { xmlns: 'urn:xmpp:avatar:metadata' },
      xml('info', { bytes: String(png.length), id: hash, type: 'image/png', width: String(width), height: String(height) }),
    ),
  );
  return hash;
}

const dataFetches = (text: string) => text.split('urn:xmpp:avatar:data').length - 1;

it("shows a contact's avatar within a second, and after a reload without fetching it again", async ({ server, glance, peers, startFaultProxy }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'viewer', friend: 'painter' });
  peers.push(friend);
  await friend.sendInitialPresence();
  // The proxy records what Glance's core sends: the wire the test asserts on.
  const proxy = await startFaultProxy(server.port);
  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${proxy.port}` });
  await friend.sendChat(me, 'look at my new face');
  const row = listRow(page, 'painter');
  await row.waitFor({ timeout: 10_000 });
  expect(await row.getByTestId('avatar-initials').innerText()).toBe('P');

  const png = solidPng(64, 64, [200, 40, 90]);
  const published = Date.now();
  const hash = await publishAvatar(friend, png);
  await expect
    .poll(() => row.getByTestId('avatar-picture').getAttribute('src'), { timeout: 1_000, interval: 20 })
    .toBe(`data:image/png;base64,${png.toString('base64')}`);
  expect(Date.now() - published).toBeLessThan(1_000);
  expect(dataFetches(proxy.clientText())).toBe(1);
  expect(proxy.clientText()).toContain(`<item id="${hash}"/>`);

  // The header and the profile show it too.
  await row.getByRole('button', { name: 'painter', exact: true }).click();
  await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['look at my new face']);
  await page.getByRole('button', { name: 'Profile of painter' }).click();
  const profile = page.getByRole('dialog', { name: 'Profile' });
  await profile.getByRole('img', { name: 'Picture of painter' }).waitFor();
  expect(await profile.innerText()).toContain(friend.bare);
  expect(await profile.innerText()).toContain("You see each other's presence");
  await profile.getByRole('button', { name: 'Close' }).click();

  await page.reload();
  await expect
    .poll(() => listRow(page, 'painter').getByTestId('avatar-picture').getAttribute('src'), { timeout: 10_000 })
    .toBe(`data:image/png;base64,${png.toString('base64')}`);
  expect(dataFetches(proxy.clientText()), 'no second fetch after the reload').toBe(1);
  expectNoProblems(problems);
});

it('publishes the avatar and display name set in the app, as another client fetches them', async ({ server, glance, peers }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'sitter', friend: 'onlooker' });
  peers.push(friend);
  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const section = settings.getByRole('region', { name: 'Your profile' });
  await section.getByTestId('own-avatar-file').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: solidPng(400, 300, [10, 120, 200]) });
  await section
    .getByRole('img', { name: /^Picture of/ })
    .and(page.locator('img'))
    .waitFor({ timeout: 10_000 });
  await section.getByRole('textbox', { name: 'Display name' }).fill('Sitting Bull');
  await section.getByRole('button', { name: 'Save name' }).click();
  await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 10_000 });

  const items = async (node: string, id?: string) => {
    const result = await friend.iq(
      xml('iq', { type: 'get', to: me }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node }, id ? xml('item', { id }) : undefined))),
    );
    return result.getChild('pubsub', NS_PUBSUB)!.getChild('items')!.getChildren('item').at(-1)!;
  };
  const info = (await items('urn:xmpp:avatar:metadata')).getChild('metadata', 'urn:xmpp:avatar:metadata')!.getChild('info')!;
  const data = Buffer.from((await items('urn:xmpp:avatar:data', info.attrs.id)).getChildText('data', 'urn:xmpp:avatar:data')!, 'base64');
  expect(sha1(data)).toBe(info.attrs.id);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(pngSize(data)).toEqual({ width: 192, height: 144 });
  expect(info.attrs).toMatchObject({ type: 'image/png', width: '192', height: '144', bytes: String(data.length) });
  expect((await items('http://jabber.org/protocol/nick')).getChildText('nick', 'http://jabber.org/protocol/nick')).toBe('Sitting Bull');

  // Older clients: the same picture in vCard-temp (XEP-0054), and its hash in presence (XEP-0153).
  const vcard = await friend.iq(xml('iq', { type: 'get', to: me }, xml('vCard', { xmlns: 'vcard-temp' })));
  const binval = vcard.getChild('vCard', 'vcard-temp')!.getChild('PHOTO')!.getChildText('BINVAL')!;
  expect(Buffer.from(binval, 'base64').equals(data)).toBe(true);
  await friend.waitForStanza(
    (stanza) => stanza.is('presence') && stanza.getChild('x', 'vcard-temp:x:update')?.getChildText('photo') === info.attrs.id,
    10_000,
    0,
  );
  expectNoProblems(problems);
});
