import { bareJid } from '../../../src-shared/jid';
import { buildAffiliationQuery, MEMBER_AFFILIATIONS, parseAffiliationJids } from '../protocol/muc-admin-codec';
import { delayStamp } from '../protocol/message-codec';
import { parseOccupantPresence, parseRoomMessage } from '../protocol/muc-codec';
import { readAcknowledgements } from '../protocol/receipts-markers-codec';
import { roomMarkerMeaning } from '../rooms/room-readers';
import type { RoomRecord } from '../rooms/room-registry';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Read status in rooms, the incoming half (our own markers and MDS items go out through
 * displayed.ts): other participants' XEP-0333 markers in a private group become read-by markers
 * for history, live and replayed from the room's archive; our own marker reflected by the room
 * (sent from another device) is a read point. Also keeps a private group's member list, the "M"
 * of "read by N of M". Listed after the rooms module, which has applied each presence first.
 * Guarded by test/unit/room-readers.test.ts and test/e2e/room-read-status.test.ts.
 */
export function roomReadingModule(ctx: CoreContext): CoreModule {
  const { feed, rooms, session, log } = ctx;

  async function fetchMembers(connection: Connection, record: RoomRecord): Promise<void> {
    try {
      const lists = await Promise.all(MEMBER_AFFILIATIONS.map((affiliation) => connection.request(buildAffiliationQuery(record.jid, affiliation))));
      const members = new Set(lists.flatMap(parseAffiliationJids));
      members.delete(connection.bare);
      record.members = members;
      feed.snapshotChanged();
    } catch (error) {
      log.debug('room member list not available', record.jid, error);
    }
  }

  return {
    name: 'read status in rooms',
    stanzas: {
      'message:groupchat': ({ stanza, archived }, link) => {
        const displayedId = readAcknowledgements(stanza).displayedId;
        const record = displayedId && stanza.attrs.from ? rooms.get(bareJid(stanza.attrs.from)) : undefined;
        const parsed = record && parseRoomMessage(stanza, record.info);
        if (!record || !parsed || !displayedId) return;
        const at = archived?.timestamp ?? delayStamp(stanza) ?? Date.now();
        const meaning = roomMarkerMeaning(displayedId, parsed, record, link.bare, at);
        if (meaning && 'readPoint' in meaning) feed.readPoints([meaning.readPoint]);
        else if (meaning) feed.push({ kind: 'roomMarker', roomMarker: meaning.marker });
      },
      'presence:room': ({ stanza }, link) => {
        const record = stanza.attrs.from ? rooms.get(bareJid(stanza.attrs.from)) : undefined;
        const presence = record && parseOccupantPresence(stanza, record.info.occupantIds);
        if (!record || !presence || !record.isPrivate) return;
        // Our own presence completes a join (XEP-0045 §7.2.3): the member lists are read again,
        // and a marker that waited for us to be back in the room goes.
        if (presence.codes.has(110) && !presence.unavailable) {
          const connection = session.onlineConnection;
          if (connection) {
            void fetchMembers(connection, record);
            void ctx.displayed.roomEntered(connection, record.jid, ctx.markerPolicy());
          }
          return;
        }
        // §9.3, §9.4: an occupant's affiliation changed while the lists are known.
        const jid = presence.jid && bareJid(presence.jid);
        if (!record.members || !jid || jid === link.bare) return;
        const member = (MEMBER_AFFILIATIONS as readonly string[]).includes(presence.affiliation);
        if (member === record.members.has(jid)) return;
        if (member) record.members.add(jid);
        else record.members.delete(jid);
        feed.snapshotChanged();
      },
    },
  };
}
