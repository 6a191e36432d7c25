import xml, { type Element } from '@xmpp/xml';
import { bareJid, isPeerJid } from '../../../src-shared/jid';
import { NS } from './namespaces';

/** XEP-0402 PEP native bookmarks: one item per room, item id = the room's bare JID. */
export const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1';

export interface Bookmark {
  room: string;
  name?: string;
  autojoin: boolean;
  nick?: string;
  password?: string;
  /** `<extensions/>` other clients put there: kept as they were (§3). */
  extensions?: Element;
}

/** XEP-0402 §4.1 publish options: private to our account, every item kept. */
const PUBLISH_OPTIONS: Record<string, string> = {
  'pubsub#persist_items': 'true',
  'pubsub#max_items': 'max',
  'pubsub#send_last_published_item': 'never',
  'pubsub#access_model': 'whitelist',
};

export function buildBookmarkPublish(bookmark: Bookmark): Element {
  const conference = xml(
    'conference',
    { xmlns: NS_BOOKMARKS, autojoin: bookmark.autojoin ? 'true' : 'false', ...(bookmark.name ? { name: bookmark.name } : {}) },
    bookmark.nick ? xml('nick', {}, bookmark.nick) : undefined,
    bookmark.password ? xml('password', {}, bookmark.password) : undefined,
    bookmark.extensions,
  );
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS.pubsub },
      xml('publish', { node: NS_BOOKMARKS }, xml('item', { id: bookmark.room }, conference)),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: NS.dataForms, type: 'submit' },
          xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, 'http://jabber.org/protocol/pubsub#publish-options')),
          ...Object.entries(PUBLISH_OPTIONS).map(([name, value]) => xml('field', { var: name }, xml('value', {}, value))),
        ),
      ),
    ),
  );
}

export function buildBookmarksFetch(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS_BOOKMARKS })));
}

/** One `<item/>` holding a `<conference/>`; undefined when it is not one or its id is no room address. */
export function parseBookmarkItem(item: Element): Bookmark | undefined {
  const room = item.attrs.id;
  const conference = item.getChild('conference', NS_BOOKMARKS);
  if (!conference || typeof room !== 'string' || !isPeerJid(room) || bareJid(room) !== room) return undefined;
  const nick = conference.getChildText('nick');
  const password = conference.getChildText('password');
  const extensions = conference.getChild('extensions');
  return {
    room,
    ...(conference.attrs.name ? { name: conference.attrs.name } : {}),
    autojoin: conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1',
    ...(nick ? { nick } : {}),
    ...(password ? { password } : {}),
    ...(extensions ? { extensions } : {}),
  };
}

/** The bookmarks of a fetch result's `<items/>`. */
export function parseBookmarkItems(items: Element | undefined): Bookmark[] {
  if (!items || items.attrs.node !== NS_BOOKMARKS) return [];
  return items.getChildren('item').flatMap((item) => parseBookmarkItem(item) ?? []);
}

/** A `+notify` push from our own account: bookmarks published, and rooms whose bookmark was retracted. */
export function parseBookmarksEvent(message: Element, ownBare: string): { published: Bookmark[]; retracted: string[] } | undefined {
  if (message.attrs.from && bareJid(message.attrs.from) !== ownBare) return undefined;
  const items = message.getChild('event', NS.pubsubEvent)?.getChild('items');
  if (!items || items.attrs.node !== NS_BOOKMARKS) return undefined;
  return {
    published: items.getChildren('item').flatMap((item) => parseBookmarkItem(item) ?? []),
    retracted: items.getChildren('retract').flatMap((r) => (typeof r.attrs.id === 'string' ? [bareJid(r.attrs.id)] : [])),
  };
}
