import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { CoreUnderTest } from '../support/core';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer } from '../support/peer';
import { MUC_DOMAIN } from '../support/prosody';
import { createRoom, roomStanzaId, sendGroupchat, setAffiliation, waitForGroupchat } from '../support/room-peer';
import { roomAt } from '../../src-shared/conversation';
import { waitFor } from '../support/wait';

/** The file's Prosody has the conference service; `signIn(me)` is Glance's core signed in as `me`. */
const it = integrationTest
  .override('serverOptions', { muc: true })
  .extend('signIn', async ({ server, newCore }) => async (me: string): Promise<CoreUnderTest> => {
    const c = newCore();
    expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toMatchObject({ ok: true });
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    return c;
  });

const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1';
let rooms = 0;
const freshRoom = (name: string) => `${name}-${++rooms}@${MUC_DOMAIN}`;

describe('group chats against Prosody', () => {
  it('joins, tells each refusal apart, and reads the room as a conversation with its senders apart', async ({ server, registerPeer, signIn }) => {
    const owner = await registerPeer('owner');
    const room = freshRoom('lounge');
    await createRoom(owner, room, 'Olive', { 'muc#roomconfig_roomname': 'The Lounge', 'muc#roomconfig_whois': 'anyone' });
    const me = await server.register('glancer', 'pw');
    const glance = await signIn(me);

    // No such room (and a room service that does not exist).
    expect(await glance.core.joinRoom({ room: `nobody-${rooms}@${MUC_DOMAIN}`, nick: 'g' })).toEqual({ ok: false, error: 'no-such-room' });
    expect(await glance.core.joinRoom({ room: 'x@nowhere.localhost', nick: 'g' })).toEqual({ ok: false, error: 'room-service-unavailable' });
    expect(await glance.core.joinRoom({ room: 'not a room', nick: 'g' })).toEqual({ ok: false, error: 'malformed-address' });
    // Nickname taken.
    expect(await glance.core.joinRoom({ room, nick: 'Olive' })).toEqual({ ok: false, error: 'nickname-taken' });
    await glance.waitForSnapshot((s) => (s.rooms ?? []).length === 0);

    expect(await glance.core.joinRoom({ room, nick: 'Gwen' })).toEqual({ ok: true, value: { name: 'The Lounge' } });
    const summary = (await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.participants === 2)).rooms?.find((r) => r.jid === room);
    expect(summary).toMatchObject({ name: 'The Lounge', nick: 'Gwen', state: 'joined', participants: 2, private: false, archived: true, joins: 1 });
    const occupants = await glance.core.getOccupants({ room });
    expect(occupants.map((o) => [o.nick, o.affiliation, o.self]).sort()).toEqual([
      ['Gwen', 'none', true],
      ['Olive', 'owner', false],
    ]);

    const id = await sendGroupchat(owner, room, 'hello everyone');
    const message = await glance.waitForMessage((m) => m.body === 'hello everyone');
    const live = await waitForGroupchat(owner, room, 'hello everyone');
    expect(message).toMatchObject({
      conversation: roomAt(room),
      direction: 'in',
      sender: { nick: 'Olive', jid: owner.bare },
      originId: id,
      stanzaId: roomStanzaId(live, room),
      stanzaIdBy: room,
      via: 'live',
    });
    expect(message.sender.occupantId).toBeTruthy();

    // Our own message: reflected by the room with its stanza-id, from us.
    expect(await glance.core.sendMessage({ conversation: roomAt(room), body: 'hi Olive', id: 'glance-msg-0001' })).toEqual({ ok: true, value: undefined });
    const seen = await waitForGroupchat(owner, room, 'hi Olive');
    expect(seen.attrs.from).toBe(`${room}/Gwen`);
    const reflected = await glance.waitForMessage((m) => m.body === 'hi Olive');
    expect(reflected).toMatchObject({ direction: 'out', sender: { jid: me, nick: 'Gwen' }, originId: 'glance-msg-0001', stanzaIdBy: room });
    expect(reflected.stanzaId).toBe(roomStanzaId(seen, room));

    // The subject.
    await owner.send(xml('message', { to: room, type: 'groupchat' }, xml('subject', {}, 'Tea at five')));
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.subject === 'Tea at five');

    // Members only, banned, password.
    const members = freshRoom('members');
    await createRoom(owner, members, 'Olive', { 'muc#roomconfig_membersonly': '1' });
    expect(await glance.core.joinRoom({ room: members, nick: 'Gwen' })).toEqual({ ok: false, error: 'members-only' });
    const guarded = freshRoom('guarded');
    await createRoom(owner, guarded, 'Olive', { 'muc#roomconfig_passwordprotectedroom': '1', 'muc#roomconfig_roomsecret': 'sesame' });
    expect(await glance.core.joinRoom({ room: guarded, nick: 'Gwen' })).toEqual({ ok: false, error: 'password-required' });
    expect(await glance.core.joinRoom({ room: guarded, nick: 'Gwen', password: 'wrong' })).toEqual({ ok: false, error: 'password-wrong' });
    expect(await glance.core.joinRoom({ room: guarded, nick: 'Gwen', password: 'sesame' })).toMatchObject({ ok: true });
    const closed = freshRoom('closed');
    await createRoom(owner, closed, 'Olive');
    await setAffiliation(owner, closed, me, 'outcast');
    expect(await glance.core.joinRoom({ room: closed, nick: 'Gwen' })).toEqual({ ok: false, error: 'banned' });
    // A full room (service-unavailable) cannot be made on Prosody 0.12 without mod_muc_limits: test/unit/muc-codec.test.ts.
  });

  it('catches up from the room archive without duplicates, and a kick is never rejoined', async ({ server, registerPeer, signIn }) => {
    const owner = await registerPeer('keeper');
    const room = freshRoom('archive');
    await createRoom(owner, room, 'Kim');
    const me = await server.register('reader', 'pw');
    const glance = await signIn(me);
    for (let i = 1; i <= 3; i += 1) await sendGroupchat(owner, room, `before ${i}`);
    expect(await glance.core.joinRoom({ room, nick: 'Rae' })).toMatchObject({ ok: true });
    // Joined with <history maxstanzas='0'/>: nothing replayed; the archive brings it.
    expect(glance.messages).toEqual([]);
    const synced = await glance.core.syncArchive({ archive: room });
    expect(synced).toMatchObject({ ok: true, value: { count: 3 } });
    expect(glance.messages.map((m) => [m.body, m.via, m.stanzaIdBy])).toEqual([1, 2, 3].map((i) => [`before ${i}`, 'archive', room]));
    const newest = glance.messages.at(-1)!.stanzaId!;
    await sendGroupchat(owner, room, 'live one');
    await glance.waitForMessage((m) => m.body === 'live one');
    // From the newest it holds: only what came after, which live delivery already brought (same stanza-id).
    const again = await glance.core.syncArchive({ archive: room, after: newest });
    expect(again).toMatchObject({ ok: true, value: { count: 1 } });
    const copies = glance.messages.filter((m) => m.body === 'live one');
    expect(new Set(copies.map((m) => m.stanzaId)).size).toBe(1);

    // Kicked (307): out, and never rejoined.
    await owner.iq(
      xml('iq', { type: 'set', to: room }, xml('query', { xmlns: 'http://jabber.org/protocol/muc#admin' }, xml('item', { nick: 'Rae', role: 'none' }))),
    );
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.exit === 'kicked');
    const joinsSeen = owner.received.length;
    await expect(
      owner.waitForStanza((s) => s.is('presence') && s.attrs.from === `${room}/Rae` && s.attrs.type !== 'unavailable', 3_000, joinsSeen),
    ).rejects.toThrow();
  });

  it('rejoins after a new session, bookmarks with autojoin, and follows another device', async ({ server, registerPeer, signIn, peers }) => {
    const owner = await registerPeer('host');
    const room = freshRoom('club');
    await createRoom(owner, room, 'Hal');
    const me = await server.register('member', 'pw');
    const glance = await signIn(me);
    expect(await glance.core.joinRoom({ room, nick: 'Mo' })).toMatchObject({ ok: true });

    // The bookmark, as another device sees it.
    const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
    peers.push(phone);
    const bookmarks = await waitFor(async () => {
      const result = await phone.iq(
        xml('iq', { type: 'get' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, xml('items', { node: NS_BOOKMARKS }))),
      );
      const item = result
        .getChild('pubsub')
        ?.getChild('items')
        ?.getChildren('item')
        .find((i) => i.attrs.id === room);
      return item?.getChild('conference', NS_BOOKMARKS);
    });
    expect(bookmarks.attrs.autojoin).toBe('true');
    expect(bookmarks.getChildText('nick')).toBe('Mo');

    // A fresh sign-in joins it again from the bookmark.
    await glance.core.signOut({ forget: false });
    const again = await signIn(me);
    await again.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.state === 'joined');

    // The other device turns autojoin off: Glance leaves; on: joins again.
    const publish = (autojoin: boolean) =>
      phone.iq(
        xml(
          'iq',
          { type: 'set' },
          xml(
            'pubsub',
            { xmlns: 'http://jabber.org/protocol/pubsub' },
            xml(
              'publish',
              { node: NS_BOOKMARKS },
              xml('item', { id: room }, xml('conference', { xmlns: NS_BOOKMARKS, autojoin: String(autojoin) }, xml('nick', {}, 'Mo'))),
            ),
          ),
        ),
      );
    await publish(false);
    await again.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.state === 'out');
    await publish(true);
    await again.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.state === 'joined');

    // The server restarts (a new session, and the room's 332 shutdown): in the room again.
    const sessionOf = (s: { connection: { status: string; session?: number } }) => (s.connection.status === 'online' ? (s.connection.session ?? 0) : 0);
    const before = sessionOf(again.latest());
    await server.restart();
    await again.waitForSnapshot((s) => sessionOf(s) > before && s.rooms?.find((r) => r.jid === room)?.state === 'joined', 30_000);

    // "Leave" turns autojoin off.
    await again.core.leaveRoom({ room });
    const laptop = await connectPeer(server, me, 'pw', { resource: 'laptop' });
    peers.push(laptop);
    const left = await waitFor(async () => {
      const result = await laptop.iq(
        xml('iq', { type: 'get' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, xml('items', { node: NS_BOOKMARKS }))),
      );
      const conference = result
        .getChild('pubsub')
        ?.getChild('items')
        ?.getChildren('item')
        .find((i) => i.attrs.id === room)
        ?.getChild('conference', NS_BOOKMARKS);
      return conference?.attrs.autojoin === 'false' && conference;
    });
    expect(left.attrs.autojoin).toBe('false');
  });

  it('creates a private group on our server’s conference service', async ({ server, signIn }) => {
    const me = await server.register('founder', 'pw');
    const glance = await signIn(me);
    const created = await glance.core.createRoom({ name: 'Book club', nick: 'Fay' });
    expect(created).toMatchObject({ ok: true });
    const room = created.ok ? created.value.room : '';
    expect(room.endsWith(`@${MUC_DOMAIN}`)).toBe(true);
    const summary = (await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.name !== undefined)).rooms?.find((r) => r.jid === room);
    expect(summary).toMatchObject({ name: 'Book club', private: true, archived: true, state: 'joined' });
  });

  it('notifies for a private group’s messages with the room’s name, and for a public channel’s only when it names us', async ({
    server,
    registerPeer,
    signIn,
  }) => {
    const host = await registerPeer('gardener');
    const me = await server.register('visitor', 'pw');
    const group = freshRoom('private');
    await createRoom(host, group, 'Host', {
      'muc#roomconfig_roomname': 'Allotment',
      'muc#roomconfig_membersonly': '1',
      'muc#roomconfig_whois': 'anyone',
    });
    await setAffiliation(host, group, me, 'member');
    const channel = freshRoom('public');
    await createRoom(host, channel, 'Host');
    const glance = await signIn(me);
    expect(await glance.core.joinRoom({ room: group, nick: 'Vi' })).toMatchObject({ ok: true });
    expect(await glance.core.joinRoom({ room: channel, nick: 'Vi' })).toMatchObject({ ok: true });
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === group)?.private === true);

    await sendGroupchat(host, channel, 'in the channel');
    await sendGroupchat(host, group, 'in the group');
    await glance.waitForMessage((m) => m.body === 'in the group');
    const shown = await waitFor(() => glance.events.notifications.find((n) => n.kind === 'show'));
    expect(shown).toMatchObject({ kind: 'show', intent: { conversation: roomAt(group), title: 'Allotment', body: 'in the group' } });
    expect(glance.events.notifications.filter((n) => n.kind === 'show' && n.intent.conversation.jid === channel)).toEqual([]);
    // In the public channel, a message naming us notifies.
    await sendGroupchat(host, channel, 'Vi: the roses are out');
    const mention = await waitFor(() => glance.events.notifications.find((n) => n.kind === 'show' && n.intent.conversation.jid === channel));
    expect(mention).toMatchObject({ intent: { body: 'Vi: the roses are out' } });
    expect((await glance.waitForMessage((m) => m.body === 'Vi: the roses are out')).mentionsMe).toBe(true);
  });
});
