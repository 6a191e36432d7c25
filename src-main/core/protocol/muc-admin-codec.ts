import xml, { type Element } from '@xmpp/xml';
import type { ModerationAction, OccupantAffiliation, OccupantRole, RoomInvitation } from '../../../src-shared/contract';
import { bareJid, isContactJid } from '../../../src-shared/jid';
import { NS } from './namespaces';
import { NS_MUC } from './muc-codec';
import { firstChildren, type ChildName } from '../xml/first-children';

/** Invitations and moderation in group chats (XEP-0249, XEP-0045 §7.8, §8, §9, §10); docs/protocol.md, "Group chats". */
export const NS_CONFERENCE = 'jabber:x:conference';
export const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';

/** XEP-0249 §2: a direct invitation, to the invitee's bare JID. */
export function buildDirectInvitation(to: string, room: string, reason?: string, password?: string): Element {
  return xml(
    'message',
    { to },
    xml('x', {
      xmlns: NS_CONFERENCE,
      jid: room,
      ...(reason ? { reason } : {}),
      ...(password !== undefined ? { password } : {}),
    }),
  );
}

/** XEP-0045 §7.8.2: declining a mediated invitation goes to the room, naming the inviter. */
export function buildDecline(room: string, inviter: string): Element {
  return xml('message', { to: room }, xml('x', { xmlns: NS_MUC.user }, xml('decline', { to: inviter })));
}

/** The children that make a message an invitation (see `carriesInvitation`), for a one-pass `firstChildren`. */
export const INVITATION_CHILDREN: readonly ChildName[] = [
  ['x', NS_CONFERENCE],
  ['x', NS_MUC.user],
];

/** Whether a message is an invitation (or a decline) rather than something to store: routed apart (stanza-kind.ts). */
export function isInvitationMessage(message: Element): boolean {
  const [conference, user] = firstChildren(message, INVITATION_CHILDREN);
  return carriesInvitation(conference, user);
}

/** The same, from the message's first `INVITATION_CHILDREN`. */
export function carriesInvitation(conference: Element | undefined, user: Element | undefined): boolean {
  return conference !== undefined || (user !== undefined && (user.getChild('invite') !== undefined || user.getChild('decline') !== undefined));
}

/**
 * An invitation in a message: XEP-0249 direct (`from` is the inviter) or XEP-0045 §7.8.2 mediated
 * (`from` is the room, the inviter in `<invite from/>`). A mediated one wins when both are there,
 * as the room vouches for it. Undefined for anything else, or an address that is not one.
 */
export function parseInvitation(message: Element): RoomInvitation | undefined {
  const from = message.attrs.from;
  if (!message.is('message') || message.attrs.type === 'error' || message.attrs.type === 'groupchat' || typeof from !== 'string') return undefined;
  const user = message.getChild('x', NS_MUC.user);
  const invite = user?.getChild('invite');
  if (user && invite) {
    const room = bareJid(from);
    const inviter = invite.attrs.from;
    if (!isContactJid(room) || typeof inviter !== 'string' || !isContactJid(bareJid(inviter))) return undefined;
    // §7.8.2: a room that hides real addresses names the inviter by occupant JID (room/nick).
    const by = bareJid(inviter) === room ? `${room}${inviter.slice(inviter.indexOf('/'))}` : bareJid(inviter);
    const reason = invite.getChildText('reason') ?? undefined;
    const password = user.getChildText('password') ?? undefined;
    return { room, from: by, mediated: true, ...(reason ? { reason } : {}), ...(password !== undefined ? { password } : {}) };
  }
  const direct = message.getChild('x', NS_CONFERENCE);
  const named = direct?.attrs.jid;
  const room = typeof named === 'string' && !named.includes('/') ? bareJid(named) : undefined;
  if (!direct || !isContactJid(room) || !isContactJid(bareJid(from))) return undefined;
  const reason = direct.attrs.reason as string | undefined;
  const password = direct.attrs.password as string | undefined;
  return {
    room,
    from: bareJid(from),
    mediated: false,
    ...(reason ? { reason } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The inviter a message names, for the blocking gate: `<invite from/>` in a mediated one, else the sender. */
export function inviterOf(message: Element): string | undefined {
  const invite = message.getChild('x', NS_MUC.user)?.getChild('invite');
  const inviter = invite?.attrs.from ?? message.attrs.from;
  return typeof inviter === 'string' ? bareJid(inviter) : undefined;
}

/**
 * XEP-0045 §9 (muc#admin): one item per request, since Prosody 0.12 applies only the first item
 * of a set (test/integration/room-admin.test.ts).
 */
export function buildAffiliationChange(room: string, jid: string, affiliation: OccupantAffiliation, reason?: string): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { jid, affiliation }, reason ? xml('reason', {}, reason) : undefined)),
  );
}

/** XEP-0045 §8.2 (kick: role none), §9.6/§9.7 (grant or revoke moderator): by nickname. */
export function buildRoleChange(room: string, nick: string, role: OccupantRole, reason?: string): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { nick, role }, reason ? xml('reason', {}, reason) : undefined)),
  );
}

/** What a moderation action changes: a role by nickname, or an affiliation by real JID. */
export function moderationChange(action: ModerationAction): { role: OccupantRole } | { affiliation: OccupantAffiliation } {
  switch (action) {
    case 'kick':
      return { role: 'none' };
    case 'grant-moderator':
      return { role: 'moderator' };
    case 'revoke-moderator':
      return { role: 'participant' };
    case 'ban':
      return { affiliation: 'outcast' };
    case 'grant-membership':
      return { affiliation: 'member' };
    case 'revoke-membership':
      return { affiliation: 'none' };
  }
}

/** XEP-0045 §10.2.1: the room itself says its configuration changed (status 104), so its name may have. */
export function isConfigChange(message: Element): boolean {
  const from = message.attrs.from;
  if (message.attrs.type !== 'groupchat' || typeof from !== 'string' || from.includes('/')) return false;
  return (message.getChild('x', NS_MUC.user)?.getChildren('status') ?? []).some((status) => status.attrs.code === '104');
}

/** XEP-0045 §8.1: a subject change is a groupchat message with only `<subject/>`. */
export function buildSubjectChange(room: string, subject: string, id: string): Element {
  return xml('message', { to: room, type: 'groupchat', id }, xml('subject', {}, subject));
}

/** XEP-0045 §10.2: an owner's configuration form that changes only the room's name. */
export function buildRename(room: string, name: string): Element {
  const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));
  return xml(
    'iq',
    { type: 'set', to: room },
    xml(
      'query',
      { xmlns: NS_MUC.owner },
      xml('x', { xmlns: NS.dataForms, type: 'submit' }, field('FORM_TYPE', NS_MUC.roomConfig), field('muc#roomconfig_roomname', name)),
    ),
  );
}

/** XEP-0045 §10.9: an owner destroys the room. */
export function buildDestroy(room: string, reason?: string): Element {
  return xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC.owner }, xml('destroy', {}, reason ? xml('reason', {}, reason) : undefined)));
}

/** The affiliations that make someone a member of a room (XEP-0045 §5.2). */
export const MEMBER_AFFILIATIONS = ['owner', 'admin', 'member'] as const;

/**
 * XEP-0045 §9.5: the room's list of one affiliation. Prosody 0.12 gives it to members of a
 * members-only room whose real JIDs are visible (a private group), else only to admins and owners.
 */
export function buildAffiliationQuery(room: string, affiliation: (typeof MEMBER_AFFILIATIONS)[number]): Element {
  return xml('iq', { type: 'get', to: room }, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation })));
}

/** The bare JIDs an affiliation list names; items without a valid JID are skipped. */
export function parseAffiliationJids(result: Element): string[] {
  const items = result.getChild('query', NS_MUC_ADMIN)?.getChildren('item') ?? [];
  const jids: string[] = [];
  for (const item of items) {
    const jid = item.attrs.jid ? bareJid(item.attrs.jid) : '';
    if (isContactJid(jid)) jids.push(jid);
  }
  return jids;
}
