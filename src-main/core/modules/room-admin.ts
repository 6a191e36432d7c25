import { randomUUID } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import type { Result, RoomAdminError } from '../../../src-shared/contract';
import { bareJid, isContactJid } from '../../../src-shared/jid';
import {
  buildAffiliationChange,
  buildDecline,
  buildDestroy,
  buildDirectInvitation,
  buildRename,
  buildRoleChange,
  buildSubjectChange,
  isConfigChange,
  moderationChange,
  parseInvitation,
} from '../protocol/muc-admin-codec';
import { buildDiscoInfo, errorCondition, parseRoomInfo } from '../protocol/muc-codec';
import { InvitationBook } from '../rooms/invitations';
import type { RoomRecord } from '../rooms/room-registry';
import { serverFailure } from '../server-failure';
import type { Connection } from '../session/connection';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import type { RoomsControl } from './rooms';

type AdminResult = Result<void, RoomAdminError>;
const SUBJECT_TIMEOUT_MS = 15_000;

/** The room's refusal of a moderation request, in the page's words (XEP-0045 §8, §9, §10 error cases). */
export function adminRefusal(error: unknown): RoomAdminError {
  const failure = serverFailure(error);
  if (failure === 'forbidden' || failure === 'not-allowed' || failure === 'not-authorized') return 'not-permitted';
  return failure;
}

/**
 * Invitations and moderation in group chats: incoming XEP-0249 direct and XEP-0045 §7.8.2 mediated
 * invitations become requests (never joined without the person; the blocking gate keeps out a
 * blocked inviter's), declines, inviting contacts (members first in a members-only room),
 * kicking, banning, membership and moderator role, subject, name and destruction. What our
 * role allows is the page's to offer; the room decides, and each refusal is a code.
 * Guarded by test/integration/room-admin.test.ts and test/unit/muc-admin-codec.test.ts.
 */
export function roomAdminModule(
  ctx: CoreContext,
  control: RoomsControl,
): CoreModule<'inviteToRoom' | 'declineInvitation' | 'moderateOccupant' | 'setRoomSubject' | 'renameRoom' | 'destroyRoom'> {
  const { feed, session, rooms, log } = ctx;
  const invitations = new InvitationBook();
  /** Subject changes waiting for the room's answer, by the id of our message. */
  const subjects = new Map<string, { room: string; subject: string; settle: (result: AdminResult) => void }>();

  control.listen({
    joinedByPerson(room) {
      if (invitations.remove(room.jid)) feed.snapshotChanged();
    },
    leftByPerson() {},
  });

  /** The room we are in, and the connection to reach it. */
  function joined(room: unknown): { record: RoomRecord; connection: Connection } | RoomAdminError {
    const record = typeof room === 'string' ? rooms.get(room) : undefined;
    if (!record || record.state !== 'joined') return 'not-joined';
    const connection = session.onlineConnection;
    return connection ? { record, connection } : 'offline';
  }

  async function ask(connection: Connection, iq: Element): Promise<AdminResult> {
    try {
      await connection.request(iq);
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error: adminRefusal(error) };
    }
  }

  /** What the room now says it is (its name, members-only) after an owner changed its configuration. */
  async function refreshInfo(room: string): Promise<void> {
    const record = rooms.get(room);
    const connection = session.onlineConnection;
    if (!record || !connection) return;
    try {
      record.info = parseRoomInfo(await connection.request(buildDiscoInfo(room)));
      feed.snapshotChanged();
    } catch (error) {
      log.warn(`room info of ${room} not refreshed`, error);
    }
  }

  function settleSubject(id: string, result: AdminResult): void {
    const waiting = subjects.get(id);
    if (!waiting) return;
    subjects.delete(id);
    waiting.settle(result);
  }

  return {
    name: 'group chat invitations and moderation',
    // XEP-0249 §4: we accept direct invitations.
    features: ['jabber:x:conference'],
    stanzas: {
      'message:invitation': ({ stanza, archived }, link) => {
        // An invitation replayed by the archive was answered, or let go, long ago.
        if (archived) return;
        const invitation = parseInvitation(stanza);
        if (!invitation || invitation.from === link.bare) return;
        const record = rooms.get(invitation.room);
        if (record && record.state !== 'out') return;
        invitations.add(invitation);
        feed.snapshotChanged();
      },
      'message:groupchat': ({ stanza, archived }) => {
        if (!archived && isConfigChange(stanza)) void refreshInfo(bareJid(stanza.attrs.from!));
        if (archived || subjects.size === 0) return;
        const subject = stanza.getChild('subject');
        if (!subject || stanza.getChild('body')) return;
        const room = stanza.attrs.from ? bareJid(stanza.attrs.from) : '';
        for (const [id, waiting] of subjects)
          if (waiting.room === room && waiting.subject === subject.getText()) settleSubject(id, { ok: true, value: undefined });
      },
      'message:error': ({ stanza }) => {
        const id = stanza.attrs.id;
        if (id && subjects.has(id)) settleSubject(id, { ok: false, error: adminRefusal({ condition: errorCondition(stanza) }) });
      },
    },
    signedOut() {
      invitations.clear();
      for (const id of [...subjects.keys()]) settleSubject(id, { ok: false, error: 'offline' });
    },
    // A room entered meanwhile (another device's bookmark, the join dialog) answers its invitation.
    snapshot: () => ({ invitations: invitations.list().filter((invitation) => rooms.get(invitation.room)?.state !== 'joined') }),
    commands: {
      async inviteToRoom(request) {
        const found = joined(request?.room);
        if (typeof found === 'string') return { ok: false, error: found };
        const { record, connection } = found;
        const jids = (Array.isArray(request.jids) ? request.jids : []).map((jid) => (typeof jid === 'string' ? jid.trim().toLowerCase() : ''));
        if (jids.length === 0) return { ok: false, error: 'empty' };
        if (!jids.every((jid) => isContactJid(jid))) return { ok: false, error: 'malformed-address' };
        const self = record.occupants.get(record.nick);
        // XEP-0045 §9.3: in a members-only room the invitee must be a member to enter; an admin or
        // owner grants it first, one request per member (Prosody 0.12 applies only a set's first item).
        if (record.info.membersOnly && (self?.affiliation === 'owner' || self?.affiliation === 'admin')) {
          for (const jid of jids) {
            const granted = await ask(connection, buildAffiliationChange(record.jid, jid, 'member'));
            if (!granted.ok) return granted;
          }
        }
        try {
          for (const jid of jids) await connection.send(buildDirectInvitation(jid, record.jid, request.reason?.trim() || undefined, record.password));
        } catch (error) {
          return { ok: false, error: serverFailure(error) };
        }
        return { ok: true, value: undefined };
      },
      async declineInvitation(request) {
        const invitation = invitations.get(request?.room);
        if (!invitation) return { ok: true, value: undefined };
        invitations.remove(invitation.room);
        feed.snapshotChanged();
        // XEP-0249 has no decline; a mediated invitation is declined through the room (§7.8.2).
        if (!invitation.mediated) return { ok: true, value: undefined };
        return session.whileOnline((connection) => connection.send(buildDecline(invitation.room, invitation.from)));
      },
      async moderateOccupant(request) {
        const found = joined(request?.room);
        if (typeof found === 'string') return { ok: false, error: found };
        const { record, connection } = found;
        const occupant = record.occupants.get(request.nick);
        if (!occupant) return { ok: false, error: 'occupant-gone' };
        const change = moderationChange(request.action);
        const reason = request.reason?.trim() || undefined;
        if ('role' in change) return ask(connection, buildRoleChange(record.jid, occupant.nick, change.role, reason));
        // Affiliations belong to real addresses (§9): a room that hides it leaves nothing to name.
        if (!occupant.jid) return { ok: false, error: 'no-address' };
        return ask(connection, buildAffiliationChange(record.jid, occupant.jid, change.affiliation, reason));
      },
      async setRoomSubject(request) {
        const found = joined(request?.room);
        if (typeof found === 'string') return { ok: false, error: found };
        const { record, connection } = found;
        const subject = typeof request.subject === 'string' ? request.subject.trim() : '';
        const id = randomUUID();
        // §8.1: the room answers by sending the new subject to everyone, or an error with our id.
        const answer = new Promise<AdminResult>((settle) => subjects.set(id, { room: record.jid, subject, settle }));
        const timer = setTimeout(() => settleSubject(id, { ok: false, error: 'timeout' }), SUBJECT_TIMEOUT_MS);
        try {
          await connection.send(buildSubjectChange(record.jid, subject, id));
        } catch (error) {
          settleSubject(id, { ok: false, error: serverFailure(error) });
        }
        const result = await answer;
        clearTimeout(timer);
        return result;
      },
      async renameRoom(request) {
        const found = joined(request?.room);
        if (typeof found === 'string') return { ok: false, error: found };
        const { record, connection } = found;
        const name = typeof request.name === 'string' ? request.name.trim() : '';
        if (!name) return { ok: false, error: 'empty' };
        const result = await ask(connection, buildRename(record.jid, name));
        if (result.ok) {
          record.info = { ...record.info, name };
          feed.snapshotChanged();
        }
        return result;
      },
      async destroyRoom(request) {
        const found = joined(request?.room);
        if (typeof found === 'string') return { ok: false, error: found };
        const { record, connection } = found;
        const result = await ask(connection, buildDestroy(record.jid, request.reason?.trim() || undefined));
        // A destroyed room is not to be entered again at the next sign-in (its bookmark's autojoin goes off).
        if (result.ok) control.endedByPerson(record.jid);
        else log.info(`destroying ${record.jid} refused: ${result.error}`);
        return result;
      },
    },
  };
}
