import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { CoreUnderTest } from '../support/core';
import { integrationTest } from '../support/fixtures/integration';
import type { Peer } from '../support/peer';
import { MUC_DOMAIN } from '../support/prosody';
import { createRoom, joinRoom, NS_MUC_USER, statusCodes } from '../support/room-peer';

/** The file's Prosody has the conference service; `signIn(me)` is Glance's core signed in as `me`. */
const it = integrationTest
  .override('serverOptions', { muc: true })
  .extend('signIn', async ({ server, newCore }) => async (me: string): Promise<CoreUnderTest> => {
    const c = newCore();
    expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toMatchObject({ ok: true });
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    return c;
  });

let rooms = 0;
const freshRoom = (name: string) => `${name}-${++rooms}@${MUC_DOMAIN}`;

/** XEP-0045 §7.8.2: a mediated invitation, sent to the room. */
const mediatedInvite = (peer: Peer, room: string, to: string) =>
  peer.send(xml('message', { to: room }, xml('x', { xmlns: NS_MUC_USER }, xml('invite', { to }, xml('reason', {}, 'Join us')))));

const isPresenceOf = (occupant: string) => (s: Element) => s.is('presence') && s.attrs.from === occupant;

describe('group chat invitations and moderation against Prosody', () => {
  it('shows direct and mediated invitations as requests, drops a blocked inviter’s, and declines through the room', async ({
    server,
    registerPeer,
    signIn,
  }) => {
    const olive = await registerPeer('olive');
    const pest = await registerPeer('pest');
    const me = await server.register('invitee', 'pw');
    const glance = await signIn(me);
    expect(await glance.core.block({ jid: pest.bare })).toMatchObject({ ok: true });

    // A blocked inviter's mediated invitation (the room relays it, naming them) reaches nothing.
    const shady = freshRoom('shady');
    await createRoom(pest, shady, 'Pest', { 'muc#roomconfig_whois': 'anyone' });
    await mediatedInvite(pest, shady, me);
    // XEP-0249 from a stranger: a request, never joined.
    const direct = freshRoom('direct');
    await createRoom(olive, direct, 'Olive', { 'muc#roomconfig_roomname': 'Direct' });
    await olive.send(xml('message', { to: me }, xml('x', { xmlns: 'jabber:x:conference', jid: direct, reason: 'Tea?' })));
    // Mediated, through the room; one that hides real addresses names the inviter by nickname.
    const hall = freshRoom('hall');
    await createRoom(olive, hall, 'Olive');
    await mediatedInvite(olive, hall, me);

    const snapshot = await glance.waitForSnapshot((s) => (s.invitations ?? []).length === 2);
    expect(snapshot.invitations).toEqual([
      { room: direct, from: olive.bare, mediated: false, reason: 'Tea?' },
      { room: hall, from: `${hall}/Olive`, mediated: true, reason: 'Join us' },
    ]);
    expect(snapshot.rooms ?? []).toEqual([]);
    // Never a chat message, live or when the archive (which keeps them) is walked.
    expect(await glance.core.syncArchive({})).toMatchObject({ ok: true });
    expect(glance.messages).toEqual([]);

    // Declining a mediated invitation tells the inviter through the room.
    const before = olive.received.length;
    expect(await glance.core.declineInvitation({ room: hall })).toEqual({ ok: true, value: undefined });
    const decline = await olive.waitForMessage((m) => m.getChild('x', NS_MUC_USER)?.getChild('decline') !== undefined, 10_000, before);
    expect(decline.attrs.from).toBe(hall);
    expect(decline.getChild('x', NS_MUC_USER)!.getChild('decline')).toBeDefined();

    // Joining the other one takes it off the requests.
    expect(await glance.core.joinRoom({ room: direct, nick: 'Ivy' })).toMatchObject({ ok: true });
    await glance.waitForSnapshot((s) => (s.invitations ?? []).length === 0);
  });

  it('invites a contact into a private group as a member, and moderates it: moderator role, kick, ban, subject, name, destruction', async ({
    server,
    registerPeer,
    signIn,
  }) => {
    const friend = await registerPeer('friend');
    const other = await registerPeer('other');
    const me = await server.register('founder', 'pw');
    const glance = await signIn(me);
    const created = await glance.core.createRoom({ name: 'Book club', nick: 'Fay' });
    const room = created.ok ? created.value.room : '';
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.affiliation === 'owner');

    // Members only: the invitee is made a member first, then invited directly.
    const seen = friend.received.length;
    expect(await glance.core.inviteToRoom({ room, jids: [friend.bare, other.bare] })).toEqual({ ok: true, value: undefined });
    const invitation = await friend.waitForMessage((m) => m.getChild('x', 'jabber:x:conference') !== undefined, 10_000, seen);
    expect(invitation.getChild('x', 'jabber:x:conference')!.attrs.jid).toBe(room);
    await joinRoom(friend, room, 'Finn');
    await joinRoom(other, room, 'Otto');
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.participants === 3);
    expect((await glance.core.getOccupants({ room })).find((o) => o.nick === 'Finn')).toMatchObject({ affiliation: 'member', jid: friend.bare });

    // Moderator role, granted and revoked.
    expect(await glance.core.moderateOccupant({ room, nick: 'Finn', action: 'grant-moderator' })).toEqual({ ok: true, value: undefined });
    await expect.poll(async () => (await glance.core.getOccupants({ room })).find((o) => o.nick === 'Finn')?.role).toBe('moderator');
    expect(await glance.core.moderateOccupant({ room, nick: 'Finn', action: 'revoke-moderator' })).toEqual({ ok: true, value: undefined });
    await expect.poll(async () => (await glance.core.getOccupants({ room })).find((o) => o.nick === 'Finn')?.role).toBe('participant');

    // A kick: the peer gets status 307; a ban: 301, and it cannot come back.
    let mark = other.received.length;
    expect(await glance.core.moderateOccupant({ room, nick: 'Otto', action: 'kick', reason: 'Quiet please' })).toEqual({ ok: true, value: undefined });
    const kicked = await other.waitForStanza((s) => isPresenceOf(`${room}/Otto`)(s) && s.attrs.type === 'unavailable', 10_000, mark);
    expect(statusCodes(kicked)).toContain(307);
    await expect.poll(async () => (await glance.core.getOccupants({ room })).map((o) => o.nick).sort()).toEqual(['Fay', 'Finn']);
    mark = friend.received.length;
    expect(await glance.core.moderateOccupant({ room, nick: 'Finn', action: 'ban' })).toEqual({ ok: true, value: undefined });
    const banned = await friend.waitForStanza((s) => isPresenceOf(`${room}/Finn`)(s) && s.attrs.type === 'unavailable', 10_000, mark);
    expect(statusCodes(banned)).toContain(301);
    // (A members-only room answers an outcast as it answers anyone not a member.)
    await expect(joinRoom(friend, room, 'Finn')).rejects.toThrow(/forbidden|registration-required/);
    expect(await glance.core.moderateOccupant({ room, nick: 'Finn', action: 'kick' })).toEqual({ ok: false, error: 'occupant-gone' });

    await joinRoom(other, room, 'Otto');

    // Subject and name.
    expect(await glance.core.setRoomSubject({ room, subject: 'Chapter three' })).toEqual({ ok: true, value: undefined });
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.subject === 'Chapter three');
    expect(await glance.core.renameRoom({ room, name: 'Reading circle' })).toEqual({ ok: true, value: undefined });
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.name === 'Reading circle');

    // Destroyed: everyone is told, and we are out for that reason.
    mark = other.received.length;
    expect(await glance.core.destroyRoom({ room })).toEqual({ ok: true, value: undefined });
    const gone = await other.waitForStanza(
      (s) => isPresenceOf(`${room}/Otto`)(s) && s.getChild('x', NS_MUC_USER)?.getChild('destroy') !== undefined,
      10_000,
      mark,
    );
    expect(gone.attrs.type).toBe('unavailable');
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.exit === 'destroyed');
  });

  it('says in words when the room refuses a participant’s moderation', async ({ server, registerPeer, signIn }) => {
    const owner = await registerPeer('boss');
    const room = freshRoom('strict');
    await createRoom(owner, room, 'Boss');
    const me = await server.register('plain', 'pw');
    const glance = await signIn(me);
    expect(await glance.core.joinRoom({ room, nick: 'Pat' })).toMatchObject({ ok: true });
    expect(await glance.core.moderateOccupant({ room, nick: 'Boss', action: 'kick' })).toEqual({ ok: false, error: 'not-permitted' });
    expect(await glance.core.setRoomSubject({ room, subject: 'Mine now' })).toEqual({ ok: false, error: 'not-permitted' });
    expect(await glance.core.renameRoom({ room, name: 'Mine' })).toEqual({ ok: false, error: 'not-permitted' });
    expect(await glance.core.destroyRoom({ room })).toEqual({ ok: false, error: 'not-permitted' });
    expect(await glance.core.moderateOccupant({ room: `elsewhere@${MUC_DOMAIN}`, nick: 'Boss', action: 'kick' })).toEqual({ ok: false, error: 'not-joined' });

    // The owner renames the room: the room says its configuration changed (104), and we ask it again.
    await owner.iq(
      xml(
        'iq',
        { type: 'set', to: room },
        xml(
          'query',
          { xmlns: 'http://jabber.org/protocol/muc#owner' },
          xml(
            'x',
            { xmlns: 'jabber:x:data', type: 'submit' },
            xml('field', { var: 'FORM_TYPE' }, xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig')),
            xml('field', { var: 'muc#roomconfig_roomname' }, xml('value', {}, 'Strict rules')),
          ),
        ),
      ),
    );
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.name === 'Strict rules');
  });
});
