import { describe, expect, it } from 'vitest';
import parse from '@xmpp/xml/lib/parse.js';
import { NEW_ROOM_INFO } from '../../src-main/core/rooms/room-creation';
import { RoomRecord } from '../../src-main/core/rooms/room-registry';
import { parseRoomMessage, type RoomInfo } from '../../src-main/core/protocol/muc-codec';
import { roomMarkerMeaning } from '../../src-main/core/rooms/room-readers';
import { buildAffiliationQuery, parseAffiliationJids } from '../../src-main/core/protocol/muc-admin-codec';
import { buildDisplayedMarker } from '../../src-main/core/protocol/receipts-markers-codec';

const ROOM = 'team@rooms.example.org';
const ME = 'me@example.org';
const PRIVATE: RoomInfo = { ...NEW_ROOM_INFO, membersOnly: true, nonAnonymous: true, occupantIds: true };

/** A room we are in as `me` (occupant-id `occ-me`), with carol present (real JID known from her presence). */
function room(info: RoomInfo): RoomRecord {
  const record = new RoomRecord(ROOM, 'me', info);
  record.ownOccupantId = 'occ-me';
  record.occupants.set('carol', {
    nick: 'carol',
    role: 'participant',
    affiliation: 'member',
    presence: 'available',
    jid: 'carol@example.org',
    occupantId: 'occ-c',
    self: false,
  });
  return record;
}

/** XEP-0333 §5 example: a displayed marker reflected by the room. */
function markerFrom(nick: string, occupantId?: string): string {
  return `<message xmlns='jabber:client' from='${ROOM}/${nick}' to='${ME}/glance' type='groupchat' id='m1'>
    <displayed xmlns='urn:xmpp:chat-markers:0' id='S7'/>
    ${occupantId ? `<occupant-id xmlns='urn:xmpp:occupant-id:0' id='${occupantId}'/>` : ''}
    <stanza-id xmlns='urn:xmpp:sid:0' by='${ROOM}' id='S8'/>
  </message>`;
}

function meaning(info: RoomInfo, stanza: string) {
  const record = room(info);
  const parsed = parseRoomMessage(parse(stanza), record.info)!;
  return roomMarkerMeaning('S7', parsed, record, ME, 5_000);
}

describe('displayed markers in rooms', () => {
  it.each([
    [
      'a participant, by occupant-id, in a private group',
      PRIVATE,
      markerFrom('carol-renamed', 'occ-c'),
      { marker: { reader: 'occupant:occ-c', name: 'carol-renamed' } },
    ],
    [
      'a participant by real JID when the room gives no occupant-ids',
      { ...PRIVATE, occupantIds: false },
      markerFrom('carol'),
      { marker: { reader: 'jid:carol@example.org', name: 'carol' } },
    ],
    ['by nickname alone: uncertain', { ...PRIVATE, occupantIds: false }, markerFrom('ghost'), { marker: { reader: 'nick:ghost', uncertain: true } }],
    [
      'ours from another device: a read point for the room',
      PRIVATE,
      markerFrom('me-phone', 'occ-me'),
      { readPoint: { stanzaId: 'S7', stanzaIdBy: ROOM, source: 'room-marker' } },
    ],
    ['ours in a public channel is still a read point', NEW_ROOM_INFO, markerFrom('me'), { readPoint: { stanzaId: 'S7' } }],
  ] as const)('%s', (_, info, stanza, expected) => {
    expect(meaning(info, stanza)).toMatchObject(expected);
  });

  it('keeps no read-by in a public channel, and ignores markers in a room without stanza-ids', () => {
    expect(meaning({ ...NEW_ROOM_INFO, occupantIds: true }, markerFrom('carol', 'occ-c'))).toBeUndefined();
    expect(meaning({ ...PRIVATE, stanzaIds: false }, markerFrom('carol', 'occ-c'))).toBeUndefined();
  });

  it('our marker to a room is groupchat, names the room’s stanza-id and asks to be archived', () => {
    expect(buildDisplayedMarker(ROOM, 'S7', 'mk1', 'groupchat').toString()).toBe(
      `<message to="${ROOM}" type="groupchat" id="mk1"><displayed xmlns="urn:xmpp:chat-markers:0" id="S7"/><store xmlns="urn:xmpp:hints"/></message>`,
    );
  });

  it('reads the member lists (XEP-0045 §9.5)', () => {
    expect(buildAffiliationQuery(ROOM, 'member').toString()).toBe(
      `<iq type="get" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="member"/></query></iq>`,
    );
    const result = parse(`<iq type='result' from='${ROOM}'><query xmlns='http://jabber.org/protocol/muc#admin'>
      <item affiliation='member' jid='Carol@Example.org' nick='carol'/><item affiliation='member' jid='not a jid'/><item affiliation='member'/>
    </query></iq>`);
    expect(parseAffiliationJids(result)).toEqual(['carol@example.org']);
  });
});
