import xml, { type Element } from '@xmpp/xml';
import type { ContactPresence, OccupantAffiliation, OccupantRole, RoomJoinError } from '../../../src-shared/contract';
import { bareJid } from '../../../src-shared/jid';
import type { MessageReply, SharedFile } from '../../../src-shared/contract';
import { readSharedFile } from './file-share-codec';
import { delayStamp } from './message-codec';
import { readReply } from './reply-codec';
import { NS } from './namespaces';

/** XEP-0045 multi-user chat and the XEPs a room advertises with it (docs/protocol.md, "Group chats"). */
export const NS_MUC = {
  muc: 'http://jabber.org/protocol/muc',
  user: 'http://jabber.org/protocol/muc#user',
  owner: 'http://jabber.org/protocol/muc#owner',
  roomInfo: 'http://jabber.org/protocol/muc#roominfo',
  roomConfig: 'http://jabber.org/protocol/muc#roomconfig',
  occupantId: 'urn:xmpp:occupant-id:0',
  discoItems: 'http://jabber.org/protocol/disco#items',
} as const;

/** What a room says it is before we join (XEP-0045 §6.4). */
export interface RoomInfo {
  name?: string;
  membersOnly: boolean;
  nonAnonymous: boolean;
  passwordProtected: boolean;
  persistent: boolean;
  /** XEP-0313 on the room's JID. */
  archived: boolean;
  /** The room stamps `<stanza-id by=room>` (XEP-0359): trusted only then. */
  stanzaIds: boolean;
  /** XEP-0421: occupant-ids are trusted only then. */
  occupantIds: boolean;
  /** XEP-0410 §3.2: the room answers a self-ping itself. */
  selfPingOptimized: boolean;
  /** muc#roominfo_occupants, when given. */
  occupants?: number;
}

export function buildDiscoInfo(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo }));
}

export function buildDiscoItems(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS_MUC.discoItems }));
}

/** The JIDs a disco#items result lists. */
export function parseDiscoItems(result: Element): string[] {
  const items = result.getChild('query', NS_MUC.discoItems)?.getChildren('item') ?? [];
  return items.map((item) => item.attrs.jid).filter((jid): jid is string => typeof jid === 'string' && jid.length > 0);
}

/** A disco#info result names a XEP-0045 service (identity conference/text, feature muc). */
export function isConferenceService(result: Element): boolean {
  const query = result.getChild('query', NS.discoInfo);
  if (!query) return false;
  const identity = query.getChildren('identity').some((i) => i.attrs.category === 'conference');
  return identity && query.getChildren('feature').some((f) => f.attrs.var === NS_MUC.muc);
}

export function parseRoomInfo(result: Element): RoomInfo {
  const query = result.getChild('query', NS.discoInfo);
  const features = new Set((query?.getChildren('feature') ?? []).map((f) => f.attrs.var));
  const form = query?.getChildren('x', NS.dataForms).find((x) => formField(x, 'FORM_TYPE') === NS_MUC.roomInfo);
  const identityName = query?.getChildren('identity').find((i) => i.attrs.category === 'conference')?.attrs.name;
  const occupants = Number(form && formField(form, 'muc#roominfo_occupants'));
  const name = (form && formField(form, 'muc#roomconfig_roomname')) || identityName;
  return {
    ...(name ? { name } : {}),
    membersOnly: features.has('muc_membersonly'),
    nonAnonymous: features.has('muc_nonanonymous'),
    passwordProtected: features.has('muc_passwordprotected'),
    persistent: features.has('muc_persistent'),
    archived: features.has(NS.mam),
    stanzaIds: features.has(NS.sid),
    occupantIds: features.has(NS_MUC.occupantId),
    selfPingOptimized: features.has('http://jabber.org/protocol/muc#self-ping-optimization'),
    ...(Number.isSafeInteger(occupants) && occupants >= 0 ? { occupants } : {}),
  };
}

function formField(form: Element, name: string): string | undefined {
  return (
    form
      .getChildren('field')
      .find((f) => f.attrs.var === name)
      ?.getChildText('value') ?? undefined
  );
}

/**
 * XEP-0045 §7.2: enter the room. The `<x/>` is mandatory; a room that keeps an archive replays no
 * history (`maxstanzas='0'`): Prosody would otherwise replay its last 20 stanzas, markers included,
 * and the archive catch-up brings them once each.
 */
export function buildJoinPresence(room: string, nick: string, options: { password?: string; noHistory: boolean }, ...extra: Element[]): Element {
  return xml(
    'presence',
    { to: `${room}/${nick}` },
    xml(
      'x',
      { xmlns: NS_MUC.muc },
      options.noHistory ? xml('history', { maxstanzas: '0' }) : undefined,
      options.password !== undefined ? xml('password', {}, options.password) : undefined,
    ),
    ...extra,
  );
}

export function buildLeavePresence(room: string, nick: string): Element {
  return xml('presence', { to: `${room}/${nick}`, type: 'unavailable' });
}

/** XEP-0045 §7.2 errors as the page names them; `password` says whether we offered one. */
export function joinRefusal(condition: string | undefined, offeredPassword: boolean): RoomJoinError {
  switch (condition) {
    case 'conflict':
      return 'nickname-taken';
    case 'not-authorized':
      return offeredPassword ? 'password-wrong' : 'password-required';
    case 'registration-required':
      return 'members-only';
    case 'forbidden':
      return 'banned';
    case 'service-unavailable':
      return 'room-full';
    case 'item-not-found':
      return 'no-such-room';
    case 'jid-malformed':
      return 'malformed-address';
    case 'not-allowed':
      return 'not-allowed';
    default:
      return 'room-service-unavailable';
  }
}

/** The defined condition of an error stanza (its `<error/>`'s first child), if any. */
export function errorCondition(stanza: Element): string | undefined {
  return stanza.getChild('error')?.getChildElements()[0]?.name;
}

/** An occupant's presence in a room (XEP-0045 §7.2.3, §7.14, §9). */
export interface OccupantPresence {
  room: string;
  nick: string;
  unavailable: boolean;
  role: OccupantRole;
  affiliation: OccupantAffiliation;
  presence: ContactPresence;
  jid?: string;
  occupantId?: string;
  /** Status codes (110 self, 201 created, 303 nick change, 307 kicked, 301 banned, …). */
  codes: Set<number>;
  /** With 303: the new nickname. */
  newNick?: string;
  /** The room was destroyed (§10.9). */
  destroyed: boolean;
}

const ROLES = new Set<OccupantRole>(['moderator', 'participant', 'visitor', 'none']);
const AFFILIATIONS = new Set<OccupantAffiliation>(['owner', 'admin', 'member', 'outcast', 'none']);

/** A room presence (it carries muc#user); undefined for anything else or an occupant JID without a nick. */
export function parseOccupantPresence(stanza: Element, occupantIds: boolean): OccupantPresence | undefined {
  const x = stanza.getChild('x', NS_MUC.user);
  const from = stanza.attrs.from;
  if (!stanza.is('presence') || !x || !from) return undefined;
  const slash = from.indexOf('/');
  if (slash <= 0 || slash === from.length - 1) return undefined;
  const item = x.getChild('item');
  const role = item?.attrs.role as OccupantRole;
  const affiliation = item?.attrs.affiliation as OccupantAffiliation;
  const codes = new Set(x.getChildren('status').map((s) => Number(s.attrs.code)));
  const occupantId = occupantIds ? stanza.getChild('occupant-id', NS_MUC.occupantId)?.attrs.id : undefined;
  const show = stanza.getChildText('show');
  const unavailable = stanza.attrs.type === 'unavailable';
  return {
    room: bareJid(from),
    nick: from.slice(slash + 1),
    unavailable,
    role: ROLES.has(role) ? role : 'none',
    affiliation: AFFILIATIONS.has(affiliation) ? affiliation : 'none',
    presence: unavailable ? 'offline' : show === 'dnd' ? 'dnd' : show === 'away' || show === 'xa' ? 'away' : 'available',
    ...(item?.attrs.jid ? { jid: bareJid(item.attrs.jid) } : {}),
    ...(occupantId ? { occupantId } : {}),
    codes,
    ...(item?.attrs.nick ? { newNick: item.attrs.nick } : {}),
    destroyed: x.getChild('destroy') !== undefined,
  };
}

/** A message a room sent (type groupchat), as history wants it. */
export interface RoomMessage {
  room: string;
  nick?: string;
  id?: string;
  originId?: string;
  /** The room's stanza-id (by = the room), only when the room advertises XEP-0359. */
  stanzaId?: string;
  occupantId?: string;
  /** XEP-0045 §7.2.15: a real JID the room added (non-anonymous rooms may). */
  jid?: string;
  /** Without a reply's fallback quote (XEP-0461); a XEP-0447 file's URL when it has none. */
  body?: string;
  /** XEP-0461: the message this one answers, by the room's stanza-id. */
  reply?: MessageReply;
  /** The file it shares (XEP-0066 body = OOB URL, or XEP-0447). */
  file?: SharedFile;
  /** Set when the message changes the subject (`<subject/>`, maybe empty). */
  subject?: string;
  delayedAt?: number;
}

export function parseRoomMessage(message: Element, trust: { stanzaIds: boolean; occupantIds: boolean }): RoomMessage | undefined {
  const from = message.attrs.from;
  if (!message.is('message') || message.attrs.type !== 'groupchat' || !from) return undefined;
  const room = bareJid(from);
  const slash = from.indexOf('/');
  const nick = slash > 0 ? from.slice(slash + 1) : undefined;
  const stanzaId = trust.stanzaIds ? message.getChildren('stanza-id', NS.sid).findLast((s) => s.attrs.by === room)?.attrs.id : undefined;
  const occupantId = trust.occupantIds ? message.getChild('occupant-id', NS_MUC.occupantId)?.attrs.id : undefined;
  const realJid = message
    .getChild('addresses', 'http://jabber.org/protocol/address')
    ?.getChildren('address')
    .find((a) => a.attrs.type === 'ofrom')?.attrs.jid;
  const subject = message.getChild('subject');
  const file = readSharedFile(message);
  const text = message.getChildText('body') ?? file?.url;
  const replied = typeof text === 'string' ? readReply(message, text) : undefined;
  const body = replied?.body;
  const delayedAt = delayStamp(message);
  return {
    room,
    ...(nick ? { nick } : {}),
    ...(message.attrs.id ? { id: message.attrs.id } : {}),
    ...(message.getChild('origin-id', NS.sid)?.attrs.id ? { originId: message.getChild('origin-id', NS.sid)!.attrs.id } : {}),
    ...(stanzaId ? { stanzaId } : {}),
    ...(occupantId ? { occupantId } : {}),
    ...(realJid ? { jid: bareJid(realJid) } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(replied?.reply ? { reply: replied.reply } : {}),
    ...(file ? { file } : {}),
    ...(subject && body === undefined ? { subject: subject.getText() } : {}),
    ...(delayedAt !== undefined ? { delayedAt } : {}),
  };
}

/**
 * Our message to a room: `id` doubles as origin-id, which is how its reflection is recognised;
 * `extra`: a reply's elements (XEP-0461), the XEP-0085 `<active/>`.
 */
export function buildRoomMessage(room: string, body: string, id: string, ...extra: Element[]): Element {
  return xml(
    'message',
    { type: 'groupchat', to: room, id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.sid, id }),
    xml('markable', { xmlns: NS.markers }),
    ...extra,
  );
}

/** XEP-0410: ping our own occupant JID. */
export function buildSelfPing(room: string, nick: string): Element {
  return xml('iq', { type: 'get', to: `${room}/${nick}` }, xml('ping', { xmlns: NS.ping }));
}

/**
 * XEP-0410 §3: what a self-ping's error says. A result (or these two errors, from a room that
 * answers for the occupant) means still joined; `not-acceptable` means we are not.
 */
export function selfPingVerdict(condition: string | undefined): 'joined' | 'rejoin' | 'unknown' {
  if (condition === undefined || condition === 'service-unavailable' || condition === 'feature-not-implemented') return 'joined';
  if (condition === 'not-acceptable') return 'rejoin';
  return 'unknown';
}

/**
 * XEP-0045 §10.1.3 configuration of a private group: members-only, real JIDs shown to members,
 * persistent, archived, named.
 */
export function buildPrivateGroupConfig(room: string, name: string): Element {
  const fields: Record<string, string> = {
    FORM_TYPE: NS_MUC.roomConfig,
    'muc#roomconfig_roomname': name,
    'muc#roomconfig_membersonly': '1',
    'muc#roomconfig_whois': 'anyone',
    'muc#roomconfig_persistentroom': '1',
    'muc#roomconfig_publicroom': '0',
    'muc#roomconfig_enablearchiving': '1',
  };
  return xml(
    'iq',
    { type: 'set', to: room },
    xml(
      'query',
      { xmlns: NS_MUC.owner },
      xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...Object.entries(fields).map(([name, value]) => xml('field', { var: name }, xml('value', {}, value)))),
    ),
  );
}
