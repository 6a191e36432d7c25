import { describe, expect, it } from 'vitest';
import parse from '@xmpp/xml/lib/parse.js';
import {
  buildJoinPresence,
  buildPrivateGroupConfig,
  buildRoomMessage,
  buildSelfPing,
  isConferenceService,
  joinRefusal,
  parseDiscoItems,
  parseOccupantPresence,
  parseRoomInfo,
  parseRoomMessage,
  selfPingVerdict,
} from '../../src-main/core/protocol/muc-codec';
import { buildBookmarkPublish, parseBookmarkItems, parseBookmarksEvent } from '../../src-main/core/protocol/bookmarks-codec';
import { RoomRecord, exitOf } from '../../src-main/core/rooms/room-registry';
import { roomWireMessage } from '../../src-main/core/rooms/room-message';
import { mentionsNick } from '../../src-main/core/rooms/mentions';
import { alternativeNick, defaultNick } from '../../src-renderer/app/room-commands';
import { occupantRows } from '../../src-renderer/app/room-occupants.svelte';
import { RoomCatchUp } from '../../src-renderer/app/room-catch-up';

const xml = (text: string) => parse(text);
const ROOM = 'coven@chat.shakespeare.lit';

/** XEP-0045 Example 10 (disco#info of a room), with the features Prosody 0.12 adds. */
const ROOM_INFO = xml(`<iq xmlns="jabber:client" from="${ROOM}" type="result">
  <query xmlns="http://jabber.org/protocol/disco#info">
    <identity category="conference" name="A Dark Cave" type="text"/>
    <feature var="http://jabber.org/protocol/muc"/>
    <feature var="muc_membersonly"/>
    <feature var="muc_nonanonymous"/>
    <feature var="muc_persistent"/>
    <feature var="muc_unsecured"/>
    <feature var="urn:xmpp:mam:2"/>
    <feature var="urn:xmpp:sid:0"/>
    <feature var="urn:xmpp:occupant-id:0"/>
    <x xmlns="jabber:x:data" type="result">
      <field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roominfo</value></field>
      <field var="muc#roominfo_occupants"><value>3</value></field>
    </x>
  </query>
</iq>`);

describe('room disco#info (XEP-0045 §6.4)', () => {
  it('reads what the room is before joining', () => {
    expect(parseRoomInfo(ROOM_INFO)).toEqual({
      name: 'A Dark Cave',
      membersOnly: true,
      nonAnonymous: true,
      passwordProtected: false,
      persistent: true,
      archived: true,
      stanzaIds: true,
      occupantIds: true,
      selfPingOptimized: false,
      occupants: 3,
    });
  });

  it('finds the conference service among our server’s items (§6.1)', () => {
    const items = xml(
      `<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="chat.shakespeare.lit"/><item jid="upload.shakespeare.lit"/></query></iq>`,
    );
    expect(parseDiscoItems(items)).toEqual(['chat.shakespeare.lit', 'upload.shakespeare.lit']);
    expect(isConferenceService(ROOM_INFO)).toBe(true);
    expect(
      isConferenceService(xml(`<iq type="result"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="store" type="file"/></query></iq>`)),
    ).toBe(false);
  });
});

describe('joining (§7.2)', () => {
  it('asks for no replay when the room archives, with the password when there is one (Examples 18, 37)', () => {
    expect(buildJoinPresence(ROOM, 'thirdwitch', { noHistory: true }).toString()).toBe(
      `<presence to="${ROOM}/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x></presence>`,
    );
    expect(buildJoinPresence(ROOM, 'thirdwitch', { noHistory: false, password: 'cauldronburn' }).toString()).toBe(
      `<presence to="${ROOM}/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"><password>cauldronburn</password></x></presence>`,
    );
  });

  it.each([
    ['conflict', false, 'nickname-taken'],
    ['not-authorized', false, 'password-required'],
    ['not-authorized', true, 'password-wrong'],
    ['registration-required', false, 'members-only'],
    ['forbidden', false, 'banned'],
    ['service-unavailable', false, 'room-full'],
    ['item-not-found', false, 'no-such-room'],
    ['remote-server-not-found', false, 'room-service-unavailable'],
  ] as const)('%s (password offered: %s) is %s', (condition, offered, code) => {
    expect(joinRefusal(condition, offered)).toBe(code);
  });
});

describe('occupants (§7.2.3, §9)', () => {
  const presence = (from: string, inner: string, type = '') =>
    xml(
      `<presence xmlns="jabber:client" from="${from}"${type ? ` type="${type}"` : ''}>${inner}<occupant-id xmlns="urn:xmpp:occupant-id:0" id="oid-1"/></presence>`,
    );

  it('reads an occupant with real JID and occupant-id (Example 21)', () => {
    const parsed = parseOccupantPresence(
      presence(
        `${ROOM}/firstwitch`,
        `<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="owner" role="moderator" jid="crone1@shakespeare.lit/desktop"/></x>`,
      ),
      true,
    );
    expect(parsed).toMatchObject({
      room: ROOM,
      nick: 'firstwitch',
      affiliation: 'owner',
      role: 'moderator',
      jid: 'crone1@shakespeare.lit',
      occupantId: 'oid-1',
      presence: 'available',
    });
    // An occupant-id is trusted only when the room advertises XEP-0421.
    expect(parseOccupantPresence(presence(`${ROOM}/firstwitch`, `<x xmlns="http://jabber.org/protocol/muc#user"/>`), false)?.occupantId).toBeUndefined();
  });

  it('tracks joins, our own presence (110), nick changes (303) and how we were put out', () => {
    const room = new RoomRecord(ROOM, 'thirdwitch', parseRoomInfo(ROOM_INFO));
    const apply = (from: string, inner: string, type = '') => room.apply(parseOccupantPresence(presence(from, inner, type), true)!);
    expect(apply(`${ROOM}/firstwitch`, `<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="owner" role="moderator"/></x>`)).toEqual({
      kind: 'none',
    });
    expect(
      apply(`${ROOM}/thirdwitch`, `<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="member" role="participant"/><status code="110"/></x>`),
    ).toEqual({ kind: 'joined' });
    expect(room.summary()).toMatchObject({ state: 'joined', participants: 2, joins: 1, private: true });
    expect(
      apply(
        `${ROOM}/firstwitch`,
        `<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="owner" role="moderator" nick="oldhag"/><status code="303"/></x>`,
        'unavailable',
      ),
    ).toEqual({ kind: 'none' });
    expect(
      room
        .occupantList()
        .map((o) => o.nick)
        .sort(),
    ).toEqual(['oldhag', 'thirdwitch']);
    expect(
      apply(
        `${ROOM}/thirdwitch`,
        `<x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="none"/><status code="307"/><status code="110"/></x>`,
        'unavailable',
      ),
    ).toEqual({ kind: 'exit', exit: 'kicked' });
    expect(room.summary()).toMatchObject({ state: 'out', exit: 'kicked', participants: 0 });
  });

  it.each([
    ['301', 'banned'],
    ['307', 'kicked'],
    ['321', 'removed'],
    ['332', 'shutdown'],
    ['307"/><status code="333', 'shutdown'],
  ] as const)('status %s means %s', (code, exit) => {
    const parsed = parseOccupantPresence(
      presence(`${ROOM}/x`, `<x xmlns="http://jabber.org/protocol/muc#user"><status code="${code}"/></x>`, 'unavailable'),
      true,
    )!;
    expect(exitOf(parsed)).toBe(exit);
  });
});

describe('room messages (§7.4) and our own reflection', () => {
  const message = (from: string, extra = '') =>
    xml(
      `<message xmlns="jabber:client" from="${from}" type="groupchat" id="m1"><body>Harpier cries</body><origin-id xmlns="urn:xmpp:sid:0" id="m1"/><stanza-id xmlns="urn:xmpp:sid:0" by="${ROOM}" id="room-sid-1"/><stanza-id xmlns="urn:xmpp:sid:0" by="evil@forge.lit" id="forged"/><occupant-id xmlns="urn:xmpp:occupant-id:0" id="oid-2"/>${extra}</message>`,
    );

  it('reads the sender apart from the room, and trusts only the room’s stanza-id', () => {
    expect(parseRoomMessage(message(`${ROOM}/secondwitch`), { stanzaIds: true, occupantIds: true })).toEqual({
      room: ROOM,
      nick: 'secondwitch',
      id: 'm1',
      originId: 'm1',
      stanzaId: 'room-sid-1',
      occupantId: 'oid-2',
      body: 'Harpier cries',
    });
    expect(parseRoomMessage(message(`${ROOM}/secondwitch`), { stanzaIds: false, occupantIds: false })).not.toHaveProperty('stanzaId');
    expect(
      parseRoomMessage(xml(`<message from="${ROOM}" type="groupchat"><subject>Fire Burn</subject></message>`), { stanzaIds: true, occupantIds: true }),
    ).toMatchObject({
      subject: 'Fire Burn',
    });
  });

  it('makes our own reflected message outgoing, from us, with the room as the stanza-id’s archive', () => {
    const room = new RoomRecord(ROOM, 'thirdwitch', parseRoomInfo(ROOM_INFO));
    room.ownOccupantId = 'oid-2';
    const parsed = parseRoomMessage(message(`${ROOM}/thirdwitch`), room.info)!;
    const wire = roomWireMessage({ ...parsed, body: parsed.body! }, room, 'hag66@shakespeare.lit', `${ROOM}/thirdwitch`, {
      timestamp: 5,
      via: 'live',
      markable: true,
    });
    expect(wire).toMatchObject({
      conversation: { kind: 'room', jid: ROOM },
      direction: 'out',
      sender: { jid: 'hag66@shakespeare.lit', nick: 'thirdwitch', occupantId: 'oid-2' },
      originId: 'm1',
      stanzaId: 'room-sid-1',
      stanzaIdBy: ROOM,
    });
    expect(wire).not.toHaveProperty('markable');
    room.ownOccupantId = 'oid-other';
    expect(
      roomWireMessage({ ...parsed, body: 'x' }, room, 'hag66@shakespeare.lit', `${ROOM}/thirdwitch`, { timestamp: 5, via: 'live', markable: true }).direction,
    ).toBe('in');
  });

  it('sends with origin-id and markable; pings our own occupant (XEP-0410)', () => {
    expect(buildRoomMessage(ROOM, 'hi', 'abc12345').toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="abc12345"><body>hi</body><origin-id xmlns="urn:xmpp:sid:0" id="abc12345"/><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
    );
    expect(buildSelfPing(ROOM, 'thirdwitch').toString()).toBe(`<iq type="get" to="${ROOM}/thirdwitch"><ping xmlns="urn:xmpp:ping"/></iq>`);
    expect([undefined, 'service-unavailable', 'feature-not-implemented', 'not-acceptable', 'item-not-found'].map(selfPingVerdict)).toEqual([
      'joined',
      'joined',
      'joined',
      'rejoin',
      'unknown',
    ]);
  });

  it('configures a private group: members-only, non-anonymous, persistent, archived, named (§10.1.3)', () => {
    const fields = Object.fromEntries(
      buildPrivateGroupConfig(ROOM, 'Coven')
        .getChild('query')!
        .getChild('x')!
        .getChildren('field')
        .map((f) => [f.attrs.var, f.getChildText('value')]),
    );
    expect(fields).toMatchObject({
      'muc#roomconfig_roomname': 'Coven',
      'muc#roomconfig_membersonly': '1',
      'muc#roomconfig_whois': 'anyone',
      'muc#roomconfig_persistentroom': '1',
      'muc#roomconfig_enablearchiving': '1',
    });
  });
});

describe('mentions of our nickname', () => {
  it.each([
    ['alice: are you there?', true],
    ['@alice, look', true],
    ['Thanks (Alice)!', true],
    ['ALICE', true],
    ['hi alice', true],
    ['malice aforethought', false],
    ['alice2 is someone else', false],
    ['alicia', false],
    ['', false],
  ] as const)('%j → %s', (body, mentioned) => {
    expect(mentionsNick(body, 'Alice')).toBe(mentioned);
  });

  it('takes a nickname with punctuation literally', () => {
    expect(mentionsNick('ping a.b+c now', 'a.b+c')).toBe(true);
    expect(mentionsNick('ping axb+c now', 'a.b+c')).toBe(false);
  });
});

describe('bookmarks (XEP-0402)', () => {
  it('publishes a conference with autojoin, nick and the publish-options (Example 3)', () => {
    const iq = buildBookmarkPublish({ room: 'theplay@conference.shakespeare.lit', name: 'The Play’s the Thing', autojoin: true, nick: 'JC' });
    expect(iq.getChild('pubsub')!.getChild('publish')!.toString()).toBe(
      `<publish node="urn:xmpp:bookmarks:1"><item id="theplay@conference.shakespeare.lit"><conference xmlns="urn:xmpp:bookmarks:1" autojoin="true" name="The Play’s the Thing"><nick>JC</nick></conference></item></publish>`,
    );
    const options = iq.getChild('pubsub')!.getChild('publish-options')!.getChild('x')!.getChildren('field');
    expect(Object.fromEntries(options.map((f) => [f.attrs.var, f.getChildText('value')]))).toMatchObject({
      'pubsub#persist_items': 'true',
      'pubsub#access_model': 'whitelist',
    });
  });

  it('reads items and pushes from our own account only, keeping extensions', () => {
    const items = xml(
      `<items node="urn:xmpp:bookmarks:1"><item id="theplay@conference.shakespeare.lit"><conference xmlns="urn:xmpp:bookmarks:1" name="The Play" autojoin="true"><nick>JC</nick><extensions><state xmlns="http://myclient.example/bookmark/state" minimized="true"/></extensions></conference></item><item id="not a room"><conference xmlns="urn:xmpp:bookmarks:1"/></item></items>`,
    );
    const [bookmark, ...rest] = parseBookmarkItems(items);
    expect(rest).toEqual([]);
    expect(bookmark).toMatchObject({ room: 'theplay@conference.shakespeare.lit', name: 'The Play', autojoin: true, nick: 'JC' });
    expect(bookmark!.extensions?.toString()).toContain('minimized="true"');
    const push = (from: string) =>
      xml(
        `<message from="${from}"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:bookmarks:1"><retract id="theplay@conference.shakespeare.lit"/></items></event></message>`,
      );
    expect(parseBookmarksEvent(push('juliet@capulet.lit'), 'juliet@capulet.lit')).toEqual({ published: [], retracted: ['theplay@conference.shakespeare.lit'] });
    expect(parseBookmarksEvent(push('evil@forge.lit'), 'juliet@capulet.lit')).toBeUndefined();
  });
});

describe('the page’s group chat helpers', () => {
  it('offers another nickname when ours is taken', () => {
    expect(['alice', 'alice2', 'bob9'].map(alternativeNick)).toEqual(['alice2', 'alice3', 'bob10']);
    expect(defaultNick('juliet@capulet.lit')).toBe('juliet');
  });

  it('groups participants: owners and admins, members, others, each by nickname', () => {
    const o = (nick: string, affiliation: 'owner' | 'admin' | 'member' | 'none') => ({
      nick,
      affiliation,
      role: 'participant' as const,
      presence: 'available' as const,
      self: false,
    });
    const rows = occupantRows([o('zed', 'none'), o('Bea', 'member'), o('al', 'admin'), o('Ann', 'owner'), o('amy', 'member')], 'en');
    expect(rows.map((r) => (r.kind === 'section' ? `[${r.section} ${r.count}]` : r.occupant.nick))).toEqual([
      '[admins 2]',
      'al',
      'Ann',
      '[members 2]',
      'amy',
      'Bea',
      '[others 1]',
      'zed',
    ]);
  });

  it('catches up a room from its archive once per completed join', () => {
    const catchUp = new RoomCatchUp();
    const summary = (joins: number, state: 'joined' | 'joining' = 'joined') => ({
      jid: ROOM,
      nick: 'x',
      state,
      participants: 1,
      private: true,
      archived: true,
      joins,
    });
    expect(catchUp.due([summary(0, 'joining')])).toEqual([]);
    expect(catchUp.due([summary(1)])).toEqual([ROOM]);
    expect(catchUp.due([summary(1)])).toEqual([]);
    expect(catchUp.due([summary(2)])).toEqual([ROOM]);
    // Signed out (the core lists no rooms) and in again: joins count from 1 again.
    expect(catchUp.due([])).toEqual([]);
    expect(catchUp.due([summary(1)])).toEqual([ROOM]);
  });
});
