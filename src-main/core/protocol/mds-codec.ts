import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';
import { bareJid, isContactJid } from '../../../src-shared/jid';

/** One conversation's read point as XEP-0490 keeps it: the stanza-id of the newest message seen. */
export interface DisplayedState {
  /** Bare JID of the conversation (the item id). */
  peer: string;
  stanzaId: string;
  /** The entity that assigned the stanza-id: our own bare JID for 1:1 chats. */
  by: string;
}

/** XEP-0490 §4.1 publish options: only our own account may read the node, and it keeps every item. */
const PUBLISH_OPTIONS: Record<string, string> = {
  'pubsub#persist_items': 'true',
  'pubsub#max_items': 'max',
  'pubsub#send_last_published_item': 'never',
  'pubsub#access_model': 'whitelist',
};

export function buildMdsPublish(state: DisplayedState): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS.pubsub },
      xml('publish', { node: NS.mds }, xml('item', { id: state.peer }, displayedElement(state))),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: NS.dataForms, type: 'submit' },
          field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options', 'hidden'),
          ...Object.entries(PUBLISH_OPTIONS).map(([name, value]) => field(name, value)),
        ),
      ),
    ),
  );
}

export function buildMdsFetch(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS.mds })));
}

/** The MDS element that rides inside an outgoing displayed marker when the server assists (§5). */
export function displayedElement(state: Pick<DisplayedState, 'stanzaId' | 'by'>): Element {
  return xml('displayed', { xmlns: NS.mds }, xml('stanza-id', { xmlns: NS.sid, by: state.by, id: state.stanzaId }));
}

/** Items of a fetch result (`<pubsub><items>`) or a `+notify` event (`<event><items>`). */
export function parseMdsItems(items: Element | undefined): DisplayedState[] {
  if (!items || items.attrs.node !== NS.mds) return [];
  const states: DisplayedState[] = [];
  for (const item of items.getChildren('item')) {
    const peer = item.attrs.id && bareJid(item.attrs.id);
    const sid = item.getChild('displayed', NS.mds)?.getChild('stanza-id', NS.sid);
    if (!isContactJid(peer) || !sid?.attrs.id || !sid.attrs.by) continue;
    states.push({ peer, stanzaId: sid.attrs.id, by: bareJid(sid.attrs.by) });
  }
  return states;
}

/** A `+notify` event for the MDS node; only trusted from our own account (PEP). */
export function parseMdsEvent(message: Element, ownBare: string): DisplayedState[] {
  if (!message.is('message')) return [];
  if (message.attrs.from && bareJid(message.attrs.from) !== ownBare) return [];
  return parseMdsItems(message.getChild('event', NS.pubsubEvent)?.getChild('items'));
}

function field(name: string, value: string, type?: string): Element {
  return xml('field', { var: name, type }, xml('value', {}, value));
}
