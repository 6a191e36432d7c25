import { buildBookmarkPublish, buildBookmarksFetch, parseBookmarkItems, parseBookmarksEvent, NS_BOOKMARKS, type Bookmark } from '../protocol/bookmarks-codec';
import { fetchPepItems } from '../pep-items';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import type { RoomsControl } from './rooms';

/**
 * XEP-0402 bookmarks in PEP: the rooms to enter at sign-in (autojoin), kept in step with our
 * other devices (`+notify`: a room joined or left elsewhere is joined or left here), and
 * written when the person joins (autojoin on) or leaves (autojoin off) a room here.
 * Guarded by test/integration/rooms.test.ts ("bookmarks").
 */
export function bookmarksModule(ctx: CoreContext, rooms: RoomsControl): CoreModule {
  const { session, log } = ctx;
  /** The bookmarks as last fetched, published or pushed, by room. */
  const known = new Map<string, Bookmark>();

  const publish = (bookmark: Bookmark) => {
    known.set(bookmark.room, bookmark);
    const connection = session.onlineConnection;
    if (connection) void connection.request(buildBookmarkPublish(bookmark)).catch((error) => log.warn('bookmark not published', error));
  };

  /** A bookmark that says autojoin is a room we are in; one that does not (or none), a room we are not in. */
  const follow = (bookmark: Bookmark) => {
    const room = ctx.rooms.get(bookmark.room);
    const inRoom = room !== undefined && room.state !== 'out';
    if (bookmark.autojoin && !inRoom) {
      const nick = bookmark.nick ?? room?.nick ?? session.connection?.bare.split('@')[0] ?? 'glance';
      void rooms.join(bookmark.room, nick, bookmark.password).then((result) => {
        if (!result.ok) log.warn(`autojoin of ${bookmark.room} refused: ${result.error}`);
      });
    } else if (!bookmark.autojoin && inRoom) {
      void rooms.leave(bookmark.room);
    }
  };

  rooms.listen({
    joinedByPerson(room) {
      const before = known.get(room.jid);
      if (before?.autojoin && before.nick === room.nick) return;
      publish({
        ...before,
        room: room.jid,
        autojoin: true,
        nick: room.nick,
        ...(room.info.name ? { name: room.info.name } : {}),
        ...(room.password ? { password: room.password } : {}),
      });
    },
    leftByPerson(room) {
      const before = known.get(room.jid);
      publish({
        ...before,
        room: room.jid,
        autojoin: false,
        nick: room.nick,
        ...((before?.name ?? room.info.name) ? { name: before?.name ?? room.info.name } : {}),
      });
    },
  });

  return {
    name: 'bookmarks',
    features: [`${NS_BOOKMARKS}+notify`],
    stanzas: {
      'message:pubsub-event': ({ stanza }, link) => {
        const event = parseBookmarksEvent(stanza, link.bare);
        if (!event) return;
        for (const bookmark of event.published) {
          known.set(bookmark.room, bookmark);
          follow(bookmark);
        }
        for (const room of event.retracted) {
          const before = known.get(room);
          known.delete(room);
          follow({ ...before, room, autojoin: false });
        }
      },
    },
    // After the rooms module's rejoins: the autojoin rooms not entered yet are joined now.
    async sessionStarted(connection: Connection) {
      const items = await fetchPepItems(connection, buildBookmarksFetch());
      known.clear();
      for (const bookmark of parseBookmarkItems(items)) {
        known.set(bookmark.room, bookmark);
        if (bookmark.autojoin) follow(bookmark);
      }
    },
    signedOut() {
      known.clear();
    },
  };
}
