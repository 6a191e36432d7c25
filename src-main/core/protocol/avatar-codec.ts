import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';

/** XEP-0084 User Avatar: the metadata node (hash, type, size) and the data node (base64 bytes). */
export const NS_AVATAR_METADATA = 'urn:xmpp:avatar:metadata';
export const NS_AVATAR_DATA = 'urn:xmpp:avatar:data';
/** XEP-0172 User Nickname, in PEP. */
export const NS_NICK = 'http://jabber.org/protocol/nick';

/** A SHA-1 in hex, as XEP-0084 and XEP-0153 name an avatar. */
const HASH = /^[0-9a-f]{40}$/;

export function isAvatarHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

/** What a PEP notification of a contact said: an avatar (hash, or null when removed) or a nickname. */
export type ProfileEvent = { from: string; avatar: string | null } | { from: string; nickname: string | null };

/**
 * The metadata's avatar: the `<info/>` whose bytes are at the data node (no `url`), PNG first as
 * XEP-0084 §4.2.1 requires every publisher to offer one; null for an empty `<metadata/>` (§4.5,
 * avatar removed); undefined when the payload is no metadata at all.
 */
export function readAvatarMetadata(metadata: Element | undefined): string | null | undefined {
  if (!metadata?.is('metadata', NS_AVATAR_METADATA)) return undefined;
  const infos = metadata.getChildren('info').filter((info) => isAvatarHash(info.attrs.id) && !info.attrs.url);
  if (metadata.getChildren('info').length === 0) return null;
  const png = infos.find((info) => info.attrs.type === 'image/png');
  return (png ?? infos[0])?.attrs.id ?? null;
}

/**
 * A XEP-0163 notification (`<event><items node=…>`) from `from` (bare JID) about an avatar or a
 * nickname; undefined for any other node. A retracted item counts as removed.
 */
export function parseProfileEvent(stanza: Element, from: string): ProfileEvent | undefined {
  const items = stanza.getChild('event', NS.pubsubEvent)?.getChild('items');
  const node = items?.attrs.node;
  if (!items || (node !== NS_AVATAR_METADATA && node !== NS_NICK)) return undefined;
  const item = items.getChildren('item').at(-1);
  if (node === NS_AVATAR_METADATA) {
    if (!item) return items.getChild('retract') ? { from, avatar: null } : undefined;
    const avatar = readAvatarMetadata(item.getChild('metadata', NS_AVATAR_METADATA));
    return avatar === undefined ? undefined : { from, avatar };
  }
  if (!item) return items.getChild('retract') ? { from, nickname: null } : undefined;
  return { from, nickname: readNick(item.getChild('nick', NS_NICK)) };
}

function readNick(nick: Element | undefined): string | null {
  const text = nick?.getText().trim().slice(0, 256);
  return text ? text : null;
}

/** The nickname of a fetch result's `<items/>` of the nick node. */
export function parseNickItems(items: Element | undefined): string | null {
  return readNick(items?.getChildren('item').at(-1)?.getChild('nick', NS_NICK));
}

/** The avatar of a fetch result's `<items/>` of the metadata node. */
export function parseMetadataItems(items: Element | undefined): string | null {
  return readAvatarMetadata(items?.getChildren('item').at(-1)?.getChild('metadata', NS_AVATAR_METADATA)) ?? null;
}

/** XEP-0084 §4.3: asks `jid` for the one data item named by the hash. */
export function buildAvatarDataFetch(jid: string, hash: string): Element {
  return xml('iq', { type: 'get', to: jid }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS_AVATAR_DATA }, xml('item', { id: hash }))));
}

/** The base64 text of a data fetch result, or undefined when the item is not there. */
export function readAvatarData(result: Element, hash: string): string | undefined {
  const items = result.getChild('pubsub', NS.pubsub)?.getChild('items');
  const item = items?.getChildren('item').find((candidate) => candidate.attrs.id === hash);
  return item?.getChild('data', NS_AVATAR_DATA)?.getText().replace(/\s+/g, '');
}

/** Our own metadata or nick node, fetched after sign-in. */
export function buildOwnItemsFetch(node: string): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node, max_items: '1' })));
}

function publish(node: string, id: string, payload: Element): Element {
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS.pubsub }, xml('publish', { node }, xml('item', { id }, payload))));
}

/** XEP-0084 §4.1: the bytes first, at the data node, item id = their SHA-1. */
export function buildAvatarDataPublish(hash: string, base64: string): Element {
  return publish(NS_AVATAR_DATA, hash, xml('data', { xmlns: NS_AVATAR_DATA }, base64));
}

export interface AvatarInfo {
  hash: string;
  bytes: number;
  type: string;
  width: number;
  height: number;
}

/** XEP-0084 §4.2: then the metadata, which is what contacts are notified of. */
export function buildAvatarMetadataPublish(info: AvatarInfo): Element {
  const { hash, bytes, type, width, height } = info;
  return publish(
    NS_AVATAR_METADATA,
    hash,
    xml('metadata', { xmlns: NS_AVATAR_METADATA }, xml('info', { id: hash, bytes: String(bytes), type, width: String(width), height: String(height) })),
  );
}

/** XEP-0084 §4.5: an empty `<metadata/>` says "no avatar". */
export function buildAvatarRemoval(): Element {
  return publish(NS_AVATAR_METADATA, 'current', xml('metadata', { xmlns: NS_AVATAR_METADATA }));
}

/** XEP-0172 §4: our nickname, or an empty `<nick/>` to drop it. */
export function buildNickPublish(nickname: string): Element {
  return publish(NS_NICK, 'current', xml('nick', { xmlns: NS_NICK }, nickname || undefined));
}
