import { describe, expect, it } from 'vitest';
import parse from '@xmpp/xml/lib/parse.js';
import {
  buildAffiliationChange,
  buildDecline,
  buildDestroy,
  buildDirectInvitation,
  buildRename,
  buildRoleChange,
  buildSubjectChange,
  inviterOf,
  isConfigChange,
  isInvitationMessage,
  moderationChange,
  parseInvitation,
} from '../../src-main/core/protocol/muc-admin-codec';
import { adminRefusal } from '../../src-main/core/modules/room-admin';

const ROOM = 'coven@chat.shakespeare.lit';

/** XEP-0249 Example 1. */
const DIRECT = `<message xmlns="jabber:client" from="crone1@shakespeare.lit/desktop" to="hecate@shakespeare.lit">
  <x xmlns="jabber:x:conference" jid="darkcave@macbeth.shakespeare.lit" password="cauldronburn" reason="Hey Hecate, this is the place for all good witches!"/>
</message>`;

/** XEP-0045 Example 58 (the room relays the invitation), with the body Prosody adds. */
const MEDIATED = `<message xmlns="jabber:client" from="${ROOM}" id="nzd143v8" to="hecate@shakespeare.lit">
  <x xmlns="http://jabber.org/protocol/muc#user">
    <invite from="crone1@shakespeare.lit/desktop"><reason>Hey Hecate, this is the place for all good witches!</reason></invite>
    <password>cauldronburn</password>
  </x>
  <body>crone1@shakespeare.lit/desktop invited you to the room ${ROOM}</body>
</message>`;

describe('invitations (XEP-0249, XEP-0045 §7.8)', () => {
  it('reads a direct invitation: the sender invites to the room it names', () => {
    expect(parseInvitation(parse(DIRECT))).toEqual({
      room: 'darkcave@macbeth.shakespeare.lit',
      from: 'crone1@shakespeare.lit',
      mediated: false,
      reason: 'Hey Hecate, this is the place for all good witches!',
      password: 'cauldronburn',
    });
  });

  it('reads a mediated invitation: the room relays it, naming the inviter', () => {
    expect(parseInvitation(parse(MEDIATED))).toEqual({
      room: ROOM,
      from: 'crone1@shakespeare.lit',
      mediated: true,
      reason: 'Hey Hecate, this is the place for all good witches!',
      password: 'cauldronburn',
    });
    expect(inviterOf(parse(MEDIATED))).toBe('crone1@shakespeare.lit');
    expect(inviterOf(parse(DIRECT))).toBe('crone1@shakespeare.lit');
  });

  it('names the inviter by occupant JID when the room hides real addresses, as Prosody 0.12 relays it', () => {
    const relayed = `<message xmlns="jabber:client" from="${ROOM}" to="hecate@shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user"><invite from="${ROOM}/Crone"><reason>Join us</reason></invite></x><body>${ROOM}/Crone invited you</body><x xmlns="jabber:x:conference" jid="${ROOM}">Join us</x></message>`;
    expect(parseInvitation(parse(relayed))).toEqual({ room: ROOM, from: `${ROOM}/Crone`, mediated: true, reason: 'Join us' });
  });

  it.each([
    ['a room address with a resource', `<message xmlns="jabber:client" from="a@b.lit"><x xmlns="jabber:x:conference" jid="${ROOM}/nick"/></message>`],
    ['no room address', `<message xmlns="jabber:client" from="a@b.lit"><x xmlns="jabber:x:conference"/></message>`],
    ['a room address that is none', `<message xmlns="jabber:client" from="a@b.lit"><x xmlns="jabber:x:conference" jid="not a room"/></message>`],
    [
      'a mediated one without an inviter',
      `<message xmlns="jabber:client" from="${ROOM}"><x xmlns="http://jabber.org/protocol/muc#user"><invite/></x></message>`,
    ],
    ['an error', `<message xmlns="jabber:client" type="error" from="a@b.lit"><x xmlns="jabber:x:conference" jid="${ROOM}"/></message>`],
    ['a plain chat message', `<message xmlns="jabber:client" type="chat" from="a@b.lit"><body>hi</body></message>`],
  ])('ignores %s', (_, text) => {
    expect(parseInvitation(parse(text))).toBeUndefined();
  });

  it('tells invitations and declines from other messages', () => {
    expect(isInvitationMessage(parse(DIRECT))).toBe(true);
    expect(isInvitationMessage(parse(MEDIATED))).toBe(true);
    expect(isInvitationMessage(parse(`<message from="${ROOM}"><x xmlns="http://jabber.org/protocol/muc#user"><decline from="a@b.lit"/></x></message>`))).toBe(
      true,
    );
    expect(isInvitationMessage(parse(`<message from="${ROOM}"><x xmlns="http://jabber.org/protocol/muc#user"><status code="104"/></x></message>`))).toBe(false);
  });

  it('invites directly and declines through the room', () => {
    expect(buildDirectInvitation('hecate@shakespeare.lit', ROOM, 'Come', 'pw').toString()).toBe(
      `<message to="hecate@shakespeare.lit"><x xmlns="jabber:x:conference" jid="${ROOM}" reason="Come" password="pw"/></message>`,
    );
    expect(buildDirectInvitation('hecate@shakespeare.lit', ROOM).toString()).toBe(
      `<message to="hecate@shakespeare.lit"><x xmlns="jabber:x:conference" jid="${ROOM}"/></message>`,
    );
    expect(buildDecline(ROOM, 'crone1@shakespeare.lit').toString()).toBe(
      `<message to="${ROOM}"><x xmlns="http://jabber.org/protocol/muc#user"><decline to="crone1@shakespeare.lit"/></x></message>`,
    );
  });
});

describe('moderation (XEP-0045 §8–§10)', () => {
  it('changes one affiliation or role per request', () => {
    expect(buildAffiliationChange(ROOM, 'hag66@shakespeare.lit', 'member').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#admin"><item jid="hag66@shakespeare.lit" affiliation="member"/></query></iq>`,
    );
    expect(buildRoleChange(ROOM, 'pistol', 'none', 'Avaunt, you cullion!').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#admin"><item nick="pistol" role="none"><reason>Avaunt, you cullion!</reason></item></query></iq>`,
    );
  });

  it.each([
    ['kick', { role: 'none' }],
    ['grant-moderator', { role: 'moderator' }],
    ['revoke-moderator', { role: 'participant' }],
    ['ban', { affiliation: 'outcast' }],
    ['grant-membership', { affiliation: 'member' }],
    ['revoke-membership', { affiliation: 'none' }],
  ] as const)('%s changes %o', (action, change) => {
    expect(moderationChange(action)).toEqual(change);
  });

  it('sets the subject, renames and destroys', () => {
    expect(buildSubjectChange(ROOM, 'Fire Burn and Cauldron Bubble!', 'lh2bs617').toString()).toBe(
      `<message to="${ROOM}" type="groupchat" id="lh2bs617"><subject>Fire Burn and Cauldron Bubble!</subject></message>`,
    );
    expect(buildRename(ROOM, 'The Cave').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit">` +
        `<field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#roomconfig</value></field>` +
        `<field var="muc#roomconfig_roomname"><value>The Cave</value></field></x></query></iq>`,
    );
    expect(buildDestroy(ROOM, 'Macbeth doth come.').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#owner"><destroy><reason>Macbeth doth come.</reason></destroy></query></iq>`,
    );
  });

  it('tells the room’s own configuration-change notice (status 104) from an occupant’s message', () => {
    const notice = (from: string) =>
      parse(`<message xmlns="jabber:client" type="groupchat" from="${from}"><x xmlns="http://jabber.org/protocol/muc#user"><status code="104"/></x></message>`);
    expect(isConfigChange(notice(ROOM))).toBe(true);
    expect(isConfigChange(notice(`${ROOM}/Crone`))).toBe(false);
    expect(isConfigChange(parse(`<message xmlns="jabber:client" type="groupchat" from="${ROOM}"><body>hi</body></message>`))).toBe(false);
  });

  it.each([
    ['forbidden', 'not-permitted'],
    ['not-allowed', 'not-permitted'],
    ['not-authorized', 'not-permitted'],
    ['item-not-found', 'item-not-found'],
    ['conflict', 'conflict'],
    ['timeout', 'timeout'],
  ])('a refusal %s is %s', (condition, code) => {
    expect(adminRefusal({ condition })).toBe(code);
  });
});
