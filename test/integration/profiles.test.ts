import { createHash } from 'node:crypto';
import { xml } from '@xmpp/client';
import { expect } from 'vitest';
import { integrationTest } from '../support/fixtures/integration';
import { accountWithFriend } from '../support/peer';
import { solidPng } from '../support/png';

// The profiles module against Prosody with plain vCard-temp storage (no mirroring into PEP): a contact who has only a
// vCard photo and says its hash in presence (XEP-0153), as older clients do, gets an avatar whose
// bytes come from their vCard; a forged hash is refused; nicknames and removals arrive by PEP.

const it = integrationTest.override('serverOptions', { vcardTemp: 'stored' });
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

const metadataEvent = (hash: string) =>
  xml(
    'event',
    { xmlns: 'http://jabber.org/protocol/pubsub#event' },
    xml(
      'items',
      { node: 'urn:xmpp:avatar:metadata' },
      xml('item', { id: hash }, xml('metadata', { xmlns: 'urn:xmpp:avatar:metadata' }, xml('info', { id: hash, type: 'image/png', bytes: '1' }))),
    ),
  );

it('ignores avatar notifications from strangers', async ({ server, peers, registerPeer, newCore }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'guarded', friend: 'known' });
  peers.push(friend);
  const stranger = await registerPeer('forger');
  const c = newCore();
  await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await c.waitForSnapshot((s) => s.connection.status === 'online');
  await stranger.send(xml('message', { to: me }, metadataEvent('a'.repeat(40))));
  // The same forged notification from a contact is taken: once it shows, the stranger's had its chance.
  await friend.send(xml('message', { to: me }, metadataEvent('b'.repeat(40))));
  await c.waitForSnapshot((s) => s.profiles?.[friend.bare]?.avatar === 'b'.repeat(40));
  expect(c.snapshots.at(-1)?.profiles?.[stranger.bare]).toBeUndefined();
});

it('takes a vCard avatar from a XEP-0153 hash in presence, checks its bytes, and follows PEP nicknames and removals', async ({ server, peers, newCore }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'looker', friend: 'oldclient' });
  peers.push(friend);
  const png = solidPng(8, 8, [1, 2, 3]);
  const hash = sha1(png);
  // An older client: the picture in its vCard, the hash in its presence; no XEP-0084 of its own.
  await friend.iq(
    xml(
      'iq',
      { type: 'set' },
      xml('vCard', { xmlns: 'vcard-temp' }, xml('PHOTO', {}, xml('TYPE', {}, 'image/png'), xml('BINVAL', {}, png.toString('base64')))),
    ),
  );

  const c = newCore();
  await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  await c.waitForSnapshot((s) => s.connection.status === 'online');
  await friend.presence({}, xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, hash)));
  await c.waitForSnapshot((s) => s.profiles?.[friend.bare]?.avatar === hash);
  expect(await c.core.fetchAvatar({ jid: friend.bare, hash })).toEqual({ ok: true, value: { hash, type: 'image/png', base64: png.toString('base64') } });
  // A hash that is not the picture's is never taken for it.
  expect(await c.core.fetchAvatar({ jid: friend.bare, hash: 'f'.repeat(40) })).toMatchObject({ ok: false });

  const nick = (text: string) =>
    friend.iq(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'pubsub',
          { xmlns: 'http://jabber.org/protocol/pubsub' },
          xml('publish', { node: 'http://jabber.org/protocol/nick' }, xml('item', {}, xml('nick', { xmlns: 'http://jabber.org/protocol/nick' }, text))),
        ),
      ),
    );
  await nick('Old Timer');
  await c.waitForSnapshot((s) => s.profiles?.[friend.bare]?.nickname === 'Old Timer');

  // "No avatar" by XEP-0084 wins over the vCard hash that presence still names.
  await friend.iq(
    xml(
      'iq',
      { type: 'set' },
      xml(
        'pubsub',
        { xmlns: 'http://jabber.org/protocol/pubsub' },
        xml('publish', { node: 'urn:xmpp:avatar:metadata' }, xml('item', { id: 'current' }, xml('metadata', { xmlns: 'urn:xmpp:avatar:metadata' }))),
      ),
    ),
  );
  await c.waitForSnapshot((s) => s.profiles?.[friend.bare]?.avatar === undefined);
});
