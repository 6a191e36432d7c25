import type { Result, RoomJoinError, SendError, SendRequest } from '../../../src-shared/contract';
import { roomAt } from '../../../src-shared/conversation';
import { bareJid, isContactJid } from '../../../src-shared/jid';
import {
  buildDiscoInfo,
  buildJoinPresence,
  buildLeavePresence,
  buildPrivateGroupConfig,
  buildRoomMessage,
  errorCondition,
  joinRefusal,
  parseOccupantPresence,
  parseRoomInfo,
  parseRoomMessage,
  NS_MUC,
  type RoomInfo,
} from '../protocol/muc-codec';
import { NS } from '../protocol/namespaces';
import { mentionReferences, namesUs, readMentions, repliesToUs, xmppUri } from '../protocol/reference-codec';
import { JoinWaiters } from '../rooms/join-waiters';
import { roomActionEvent, roomWireMessage } from '../rooms/room-message';
import { activeState } from '../protocol/chat-states-codec';
import { readActionContent } from '../protocol/message-actions-codec';
import { carriesAction } from '../protocol/message-codec';
import { replyParts } from '../protocol/reply-codec';
import { RoomRecord } from '../rooms/room-registry';
import { noticeMessage, presenceNotice, presenceReason, subjectNotice } from '../rooms/room-notices';
import { randomUUID } from 'node:crypto';
import { RoomUpkeep } from '../rooms/room-upkeep';
import { sendRefusal } from '../send-request';
import { serverFailure } from '../server-failure';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import { findConferenceService, NEW_ROOM_INFO, newRoomAddress } from '../rooms/room-creation';

/** What other modules (bookmarks, chat) ask of the rooms module. */
export interface RoomsControl {
  join(room: string, nick: string, password?: string): Promise<Result<{ name?: string }, RoomJoinError>>;
  leave(room: string): Promise<void>;
  send(request: SendRequest): Promise<Result<void, SendError>>;
  /**
   * Whether something may be written to the room now: undefined when we are in it; `offline`
   * while we are (re)entering it or mean to (what waits is sent again later), else `not-joined`.
   */
  writable(room: string): Promise<'offline' | 'not-joined' | undefined>;
  /** Told when the person joins or leaves a room here (not on rejoins or on other devices' changes). */
  listen(listener: RoomsListener): void;
  /** The person ended a room some other way than leaving it (destroyed it): its listeners hear it as left. */
  endedByPerson(room: string): void;
}

export interface RoomsListener {
  joinedByPerson(room: RoomRecord): void;
  leftByPerson(room: RoomRecord): void;
}

/**
 * XEP-0045 group chats: what a room is (disco#info) before joining, joining without the room's
 * replay when it archives, each refusal in words, leaving, creating a private group; the
 * occupants, the subject, and the room's messages as history (our own reflected one is what makes
 * it *sent*); staying in the room (rejoins and self-pings, rooms/room-upkeep.ts).
 * Guarded by test/integration/rooms.test.ts and test/unit/muc-codec.test.ts.
 */
export function roomsModule(ctx: CoreContext): CoreModule<'joinRoom' | 'leaveRoom' | 'createRoom' | 'getOccupants'> & { control: RoomsControl } {
  const { feed, session, notifier, order, rooms, log } = ctx;
  const waiters = new JoinWaiters();
  const listeners: RoomsListener[] = [];
  const changed = (room: string) => {
    feed.snapshotChanged();
    feed.ephemeral({ kind: 'occupants', jid: room });
  };
  /** Rooms whose subject came since our last join: a later subject is a change, and makes a line. */
  const subjectArrived = new Set<string>();
  const notice = (room: string, what: Parameters<typeof noticeMessage>[1]) =>
    feed.message(noticeMessage(room, what, order.streamTimestamp(roomAt(room), undefined, undefined, Date.now()), randomUUID()));

  /** Sends our join presence for a room we know and waits for the room's answer (one join of a room at a time). */
  async function enter(connection: Connection, record: RoomRecord): Promise<'joined' | RoomJoinError> {
    const inFlight = waiters.pending(record.jid);
    if (inFlight) return inFlight;
    record.state = 'joining';
    feed.snapshotChanged();
    const answer = waiters.wait(record.jid, sessionNumber(connection));
    await sendJoin(connection, record);
    return answer;
  }

  function sendJoin(connection: Connection, record: RoomRecord): Promise<void> {
    return connection.send(buildJoinPresence(record.jid, record.nick, { password: record.password, noHistory: record.info.archived }));
  }

  /** Enters a room again (a new session, a shutdown, a self-ping that found us gone); trouble that may pass is retried with backoff. */
  function rejoin(connection: Connection, record: RoomRecord): void {
    void enter(connection, record)
      .catch((error: unknown) => serverFailure(error))
      .then((outcome) => {
        if (outcome === 'joined') return upkeep.joined(record.jid);
        record.state = 'out';
        const passing = outcome === 'offline' || outcome === 'timeout' || outcome === 'room-full' || outcome === 'room-service-unavailable';
        record.exit = passing ? 'dropped' : 'removed';
        upkeep.exited(record, record.exit);
        feed.snapshotChanged();
      });
  }

  const upkeep = new RoomUpkeep(rooms, log, (record) => {
    const connection = session.onlineConnection;
    if (connection) rejoin(connection, record);
  });

  async function join(roomInput: string, nickInput: string, password?: string): Promise<Result<{ name?: string }, RoomJoinError>> {
    const room = typeof roomInput === 'string' ? roomInput.trim() : '';
    const nick = typeof nickInput === 'string' ? nickInput.trim() : '';
    if (!isContactJid(room) || bareJid(room) !== room || nick === '') return { ok: false, error: 'malformed-address' };
    const connection = session.onlineConnection;
    if (!connection) return { ok: false, error: 'offline' };
    let info: RoomInfo;
    try {
      info = parseRoomInfo(await connection.request(buildDiscoInfo(room)));
    } catch (error) {
      const failure = serverFailure(error);
      if (failure === 'offline' || failure === 'timeout') return { ok: false, error: failure };
      return { ok: false, error: failure === 'item-not-found' ? 'no-such-room' : 'room-service-unavailable' };
    }
    const known = rooms.get(room);
    if (known && known.state !== 'out' && known.nick === nick) {
      const outcome = (await waiters.pending(room)) ?? 'joined';
      return outcome === 'joined' ? { ok: true, value: info.name ? { name: info.name } : {} } : { ok: false, error: outcome };
    }
    const record = known ?? new RoomRecord(room, nick, info, password);
    Object.assign(record, { nick, info, password });
    rooms.set(record);
    const outcome = await enter(connection, record).catch((error: unknown) => serverFailure(error));
    if (outcome !== 'joined') {
      // A refused first join leaves nothing behind; a room we were in stays, out.
      if (!known || known.joins === 0) rooms.delete(room);
      else record.state = 'out';
      feed.snapshotChanged();
      return { ok: false, error: outcome };
    }
    return { ok: true, value: info.name ? { name: info.name } : {} };
  }

  async function leave(room: string): Promise<void> {
    const record = rooms.get(room);
    if (!record) return;
    upkeep.forget(room);
    const connection = session.onlineConnection;
    if (connection && record.state !== 'out') await connection.send(buildLeavePresence(room, record.nick)).catch((e) => log.warn('leave not sent', e));
    record.state = 'out';
    record.exit = 'left';
    record.occupants.clear();
    changed(room);
  }

  const control: RoomsControl = {
    join,
    leave,
    listen: (listener) => void listeners.push(listener),
    async writable(room) {
      const record = rooms.get(room);
      // While we are (re)entering the room what is written waits, like what is written offline:
      // the renderer's outbox sends it again on the next snapshot, which the join brings.
      if (record && record.state === 'joining') await waiters.pending(record.jid);
      if (record && record.state !== 'joined' && upkeep.wanted(record)) return 'offline';
      if (!record || record.state !== 'joined') return 'not-joined';
      return undefined;
    },
    endedByPerson(room) {
      const record = rooms.get(room);
      if (record) for (const listener of listeners) listener.leftByPerson(record);
    },
    async send(request) {
      const refused = sendRefusal(request, session.connection?.connectionState);
      if (refused) return { ok: false, error: refused };
      const room = request.conversation.jid;
      const closed = await control.writable(room);
      if (closed) return { ok: false, error: closed };
      const record = rooms.get(room)!;
      // XEP-0372: the real address in a non-anonymous room when the room shows it, else the occupant address.
      const uriOf = (nick: string) => {
        const jid = record.info.nonAnonymous ? record.occupants.get(nick)?.jid : undefined;
        return xmppUri(jid ?? `${record.jid}/${nick}`);
      };
      return session.whileOnline(async (connection) => {
        const reply = request.reply ? replyParts(request.reply, request.body) : undefined;
        const body = reply?.body ?? request.body;
        // A reply's fallback quote comes before the text: the mentions' code-point offsets move with it.
        const shift = [...body].length - [...request.body].length;
        const mentions = (request.mentions ?? []).map((m) => ({ ...m, begin: m.begin + shift, end: m.end + shift }));
        const states = ctx.chatStatesAllowed(roomAt(room), false) ? [activeState()] : [];
        const references = mentionReferences(body, mentions, uriOf);
        await connection.send(buildRoomMessage(room, body, request.id, ...(reply?.elements ?? []), ...references, ...states));
        notifier.ownMessage(roomAt(room), Date.now());
      });
    },
  };

  return {
    name: 'group chats (MUC)',
    // XEP-0045 §6.1: we are a client that speaks MUC.
    features: [NS_MUC.muc],
    control,
    stanzas: {
      'presence:room': ({ stanza }) => {
        const room = stanza.attrs.from ? bareJid(stanza.attrs.from) : '';
        const record = rooms.get(room);
        const presence = record && parseOccupantPresence(stanza, record.info.occupantIds);
        if (!record || !presence) return;
        const before = {
          joined: record.state === 'joined',
          present: record.occupants.has(presence.nick),
          self: presence.codes.has(110) || presence.nick === record.nick,
        };
        const change = record.apply(presence);
        const line = presenceNotice(presence, before, presenceReason(stanza));
        if (line) notice(room, line);
        if (change.kind === 'joined') {
          subjectArrived.delete(room);
          waiters.settle(room, 'joined');
        }
        if (change.kind === 'exit') upkeep.exited(record, change.exit);
        changed(room);
      },
      presence: ({ stanza }) => {
        if (stanza.attrs.type !== 'error' || !stanza.attrs.from) return;
        const room = bareJid(stanza.attrs.from);
        const record = rooms.get(room);
        if (record && waiters.has(room)) waiters.settle(room, joinRefusal(errorCondition(stanza), record.password !== undefined));
      },
      'message:groupchat': ({ stanza, archived }, link) => {
        const room = stanza.attrs.from ? bareJid(stanza.attrs.from) : '';
        const record = rooms.get(room);
        const parsed = record && parseRoomMessage(stanza, record.info);
        if (!record || !parsed) return;
        if (!archived) record.lastTraffic = Date.now();
        if (parsed.subject !== undefined && !archived) {
          const before = record.subject ?? '';
          record.subject = parsed.subject || undefined;
          if (subjectArrived.has(room) && parsed.subject !== before) notice(room, subjectNotice(parsed.subject, parsed.nick));
          if (record.state === 'joined') subjectArrived.add(room);
          feed.snapshotChanged();
        }
        // The room's replay of its history on joining (only when it keeps no archive) is backlog, like an archive result.
        const replay = !!archived || (parsed.delayedAt !== undefined && record.state !== 'joined');
        const conversation = roomAt(room);
        const arrival = {
          timestamp: archived ? endOfSecond(archived.timestamp) : order.streamTimestamp(conversation, parsed.stanzaId, parsed.delayedAt, Date.now()),
          via: replay ? ('archive' as const) : ('live' as const),
          ...(archived ? { stanzaId: archived.stanzaId } : {}),
        };
        // A correction, retraction or reaction amends the message it names and is never a row of its own.
        const action = readActionContent(stanza);
        if (action) {
          feed.push(roomActionEvent(action, parsed, record, link.bare, stanza.attrs.from!, arrival));
          return;
        }
        const us = { bare: link.bare, occupant: `${room}/${record.nick}` };
        const referencesUs = readMentions(stanza).some((reference) => namesUs(reference.uri, us)) || repliesToUs(stanza, us);
        if (parsed.body === undefined || carriesAction(stanza)) return;
        feed.message(
          roomWireMessage({ ...parsed, body: parsed.body }, record, link.bare, stanza.attrs.from!, {
            ...arrival,
            markable: stanza.getChild('markable', NS.markers) !== undefined,
            referencesUs,
          }),
        );
      },
      'message:error': ({ stanza }) => {
        const room = stanza.attrs.from ? bareJid(stanza.attrs.from) : '';
        const id = stanza.attrs.id;
        if (id && rooms.get(room))
          feed.statuses([{ conversation: roomAt(room), id, status: 'failed', at: Date.now(), error: errorCondition(stanza) ?? 'error' }]);
      },
    },
    attach(connection) {
      upkeep.start(connection);
    },
    // After our initial presence (XEP-0045 §7.2 needs it): every room we were in is entered again.
    sessionStarted(connection) {
      const session = sessionNumber(connection);
      for (const record of rooms.all()) {
        const pending = waiters.sessionOf(record.jid);
        // A join the person started while this session was being set up is already on its way;
        // one whose presence went out on the connection that dropped is sent again.
        if (pending === session) continue;
        if (pending !== undefined) {
          waiters.resent(record.jid, session);
          void sendJoin(connection, record).catch((error) => log.warn('rejoin failed', error));
          continue;
        }
        record.occupants.clear();
        if (upkeep.wanted(record)) rejoin(connection, record);
      }
      feed.snapshotChanged();
    },
    // A resumption keeps us in every room, unless the room dropped us meanwhile: XEP-0410 tells.
    sessionResumed(connection) {
      upkeep.selfPingAll(connection);
    },
    signedOut() {
      waiters.abandonAll();
      upkeep.stop();
      rooms.clear();
    },
    snapshot: () => ({ rooms: rooms.summaries() }),
    commands: {
      async joinRoom(request) {
        const result = await join(request?.room?.toLowerCase(), request?.nick, request?.password);
        const record = rooms.get(request?.room?.toLowerCase());
        if (result.ok && record) for (const listener of listeners) listener.joinedByPerson(record);
        return result;
      },
      async leaveRoom(request) {
        const record = rooms.get(request?.room);
        await leave(request?.room);
        if (record) for (const listener of listeners) listener.leftByPerson(record);
      },
      async createRoom(request) {
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        const name = typeof request?.name === 'string' ? request.name.trim() : '';
        const nick = typeof request?.nick === 'string' ? request.nick.trim() : '';
        if (!name || !nick) return { ok: false, error: 'name-missing' };
        try {
          const service = await findConferenceService(connection);
          if (!service) return { ok: false, error: 'no-conference-service' };
          const record = new RoomRecord(newRoomAddress(service, name), nick, NEW_ROOM_INFO);
          rooms.set(record);
          const outcome = await enter(connection, record);
          if (outcome !== 'joined') {
            rooms.delete(record.jid);
            feed.snapshotChanged();
            return { ok: false, error: outcome === 'offline' || outcome === 'timeout' ? outcome : 'creation-forbidden' };
          }
          // XEP-0045 §10.1.3: the configuration of a private group, then what the room now says it is.
          await connection.request(buildPrivateGroupConfig(record.jid, name));
          record.info = parseRoomInfo(await connection.request(buildDiscoInfo(record.jid)));
          feed.snapshotChanged();
          for (const listener of listeners) listener.joinedByPerson(record);
          return { ok: true, value: { room: record.jid } };
        } catch (error) {
          return { ok: false, error: serverFailure(error) };
        }
      },
      async getOccupants(request) {
        return rooms.get(request?.room)?.occupantList() ?? [];
      },
    },
  };
}

/** The XMPP session a connection is in (0 while it is not online). */
function sessionNumber(connection: Connection): number {
  const state = connection.connectionState;
  return state.status === 'online' ? state.session : 0;
}

/**
 * Prosody stamps archived room messages with whole seconds, while what arrived live has
 * milliseconds: a whole-second stamp counts as the end of its second, so a message said after
 * ours in the same second is not shown before it (test/e2e/rooms.test.ts, the restart).
 */
function endOfSecond(timestamp: number): number {
  return timestamp % 1000 === 0 ? Math.min(timestamp + 999, Date.now()) : timestamp;
}
