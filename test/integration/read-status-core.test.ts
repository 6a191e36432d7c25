import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer, makeContacts, type Peer } from '../support/peer';
import { createCore, type CoreUnderTest } from '../support/core';
import { buildMdsPublish, fetchMds } from '../support/read-status-setup';
import { waitFor } from '../support/wait';
import { chatWith, sameConversation } from '../../src-shared/conversation';

const MARKERS = 'urn:xmpp:chat-markers:0';
const RECEIPTS = 'urn:xmpp:receipts';
const MDS = 'urn:xmpp:mds:displayed:0';

let n = 0;

const it = integrationTest
  /** `peer(user, resource?)`: a plain client signed in as `user`, stopped after the test. */
  .extend('peer', async ({ server, peers }) => async (user: string, resource?: string): Promise<Peer> => {
    const p = await connectPeer(server, `${user}@localhost`, 'pw', { resource });
    peers.push(p);
    return p;
  })
  /** `setUp`: fresh accounts: `me` (Glance) and `friend` (a plain client), mutual contacts unless `strangers`. */
  .extend(
    'setUp',
    async ({ server, peer, newCore }) =>
      async (options: { strangers?: boolean } = {}): Promise<{ c: CoreUnderTest; friend: Peer; me: string }> => {
        n += 1;
        const [me, friendJid] = await Promise.all([server.register(`me${n}`, 'pw'), server.register(`friend${n}`, 'pw')]);
        const friend = await peer(`friend${n}`);
        if (!options.strangers) {
          const myPhone = await peer(`me${n}`, 'setup');
          await makeContacts(myPhone, friend);
          await myPhone.stop();
        }
        const c = newCore();
        expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toMatchObject({ ok: true });
        await c.waitForSnapshot((s) => s.connection.status === 'online' && (options.strangers || s.contacts.some((x) => x.jid === friendJid)));
        return { c, friend, me };
      },
  );

const isMarker = (id: string) => (s: Element) => s.is('message') && s.getChild('displayed', MARKERS)?.attrs.id === id;

describe('outgoing status', () => {
  it('goes sent (server ack) → delivered (receipt) → read (marker), the marker covering earlier messages', async ({ setUp }) => {
    const { c, friend, me } = await setUp();
    const first = crypto.randomUUID();
    const second = crypto.randomUUID();
    await c.core.sendMessage({ conversation: chatWith(friend.bare), body: 'one', id: first });
    await c.core.sendMessage({ conversation: chatWith(friend.bare), body: 'two', id: second });
    const got = await friend.waitForMessage((m) => m.attrs.id === second);
    expect(got.getChild('markable', MARKERS)).toBeDefined();
    expect(got.getChild('request', RECEIPTS)).toBeDefined();
    const statuses = () => c.events.statuses;
    await waitFor(() => statuses().some((s) => s.id === second && s.status === 'sent'), { message: 'sent by stream management ack' });

    await friend.send(xml('message', { to: me, id: 'r1' }, xml('received', { xmlns: RECEIPTS, id: second })));
    await waitFor(() => statuses().some((s) => s.id === second && s.status === 'delivered'));
    await friend.send(xml('message', { to: me, type: 'chat', id: 'd1' }, xml('displayed', { xmlns: MARKERS, id: second })));
    await waitFor(() => statuses().some((s) => s.id === second && s.status === 'read' && sameConversation(s.conversation, chatWith(friend.bare))));
  });
});

describe('incoming messages', () => {
  it('answers a receipt request from a contact, once, and marks only when told', async ({ setUp, peer }) => {
    const { c, friend, me } = await setUp();
    const id = await friend.sendChat(me, 'hello', { children: [xml('request', { xmlns: RECEIPTS }), xml('markable', { xmlns: MARKERS })] });
    const receipt = await friend.waitForStanza((s) => s.getChild('received', RECEIPTS)?.attrs.id === id);
    expect(receipt.attrs.from?.startsWith(me + '/')).toBe(true);
    const wire = await c.waitForMessage((m) => m.id === id);
    expect(wire.markable).toBe(true);
    expect(friend.received.filter(isMarker(id))).toHaveLength(0);

    await c.core.markDisplayed({ conversation: chatWith(friend.bare), markerFor: id, stanzaId: wire.stanzaId });
    const marker = await friend.waitForStanza(isMarker(id));
    expect(marker.getChild('store', 'urn:xmpp:hints')).toBeDefined();
    // Our other devices learn the read point through MDS.
    const phone = await peer(me.split('@')[0], 'phone');
    const items = await fetchMds(phone);
    const item = items.find((i) => i.attrs.id === friend.bare);
    expect(item?.getChild('displayed', MDS)?.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs).toMatchObject({ id: wire.stanzaId, by: me });
    expect(friend.received.filter((s) => s.getChild('received', RECEIPTS)?.attrs.id === id)).toHaveLength(1);
  });

  it('sends no receipt and no marker to a stranger, but still syncs MDS', async ({ setUp, peer }) => {
    const { c, friend, me } = await setUp({ strangers: true });
    const id = await friend.sendChat(me, 'who is this', { children: [xml('request', { xmlns: RECEIPTS }), xml('markable', { xmlns: MARKERS })] });
    const wire = await c.waitForMessage((m) => m.id === id);
    await c.core.markDisplayed({ conversation: chatWith(friend.bare), markerFor: id, stanzaId: wire.stanzaId });
    const phone = await peer(me.split('@')[0], 'phone');
    await waitFor(async () => (await fetchMds(phone)).some((i) => i.attrs.id === friend.bare));
    // A later message from us is the proof that nothing else was queued in between.
    await c.core.sendMessage({ conversation: chatWith(friend.bare), body: 'fence', id: crypto.randomUUID() });
    await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
    expect(friend.received.filter((s) => s.getChild('received', RECEIPTS) || s.getChild('displayed', MARKERS))).toHaveLength(0);
  });

  it('with "send read markers" off: no receipt, no marker, MDS still updated', async ({ setUp, peer }) => {
    const { c, friend, me } = await setUp();
    await c.core.setPreferences({ sendReadMarkers: false });
    expect((await c.core.getSnapshot()).preferences).toMatchObject({ sendReadMarkers: false });
    const id = await friend.sendChat(me, 'private', { children: [xml('request', { xmlns: RECEIPTS }), xml('markable', { xmlns: MARKERS })] });
    const wire = await c.waitForMessage((m) => m.id === id);
    await c.core.markDisplayed({ conversation: chatWith(friend.bare), markerFor: id, stanzaId: wire.stanzaId });
    const phone = await peer(me.split('@')[0], 'phone');
    await waitFor(async () => (await fetchMds(phone)).some((i) => i.attrs.id === friend.bare));
    await c.core.sendMessage({ conversation: chatWith(friend.bare), body: 'fence', id: crypto.randomUUID() });
    await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
    expect(friend.received.filter((s) => s.getChild('received', RECEIPTS) || s.getChild('displayed', MARKERS))).toHaveLength(0);
  });
});

describe('read elsewhere', () => {
  it('an MDS publish from our other device reaches Glance live (+notify via caps)', async ({ setUp, peer }) => {
    const { c, friend, me } = await setUp();
    const phone = await peer(me.split('@')[0], 'phone');
    await phone.iq(buildMdsPublish(friend.bare, me, 'sid-from-phone'));
    await waitFor(() =>
      c.events.readPoints.some(
        (p) => sameConversation(p.conversation, chatWith(friend.bare)) && p.stanzaId === 'sid-from-phone' && p.stanzaIdBy === me && p.source === 'mds',
      ),
    );
  });

  it('a carbon of our own displayed marker from another device is a read point', async ({ setUp, peer }) => {
    const { c, friend, me } = await setUp();
    const phone = await peer(me.split('@')[0], 'phone');
    await phone.iq(xml('iq', { type: 'set' }, xml('enable', { xmlns: 'urn:xmpp:carbons:2' })));
    await phone.send(xml('message', { to: friend.bare, type: 'chat', id: 'm-x' }, xml('displayed', { xmlns: MARKERS, id: 'their-msg-7' })));
    await waitFor(() =>
      c.events.readPoints.some((p) => sameConversation(p.conversation, chatWith(friend.bare)) && p.messageId === 'their-msg-7' && p.source === 'carbon-marker'),
    );
  });

  it('fetches MDS after signing in', async ({ setUp, server, cores }) => {
    const { c, friend, me } = await setUp();
    const id = await friend.sendChat(me, 'read me', { children: [xml('markable', { xmlns: MARKERS })] });
    const wire = await c.waitForMessage((m) => m.id === id);
    await c.core.markDisplayed({ conversation: chatWith(friend.bare), stanzaId: wire.stanzaId });
    await c.core.signOut({ forget: false });
    const again = createCore();
    cores.push(again);
    await again.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
    await waitFor(() =>
      again.events.readPoints.some((p) => sameConversation(p.conversation, chatWith(friend.bare)) && p.stanzaId === wire.stanzaId && p.stanzaIdBy === me),
    );
  });
});
