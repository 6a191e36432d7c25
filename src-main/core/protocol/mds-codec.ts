import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';
import { chatWith, roomAt, type ConversationRef } from '../../../src-shared/conversation';
import { bareJid, isContactJid } from '../../../src-shared/jid';

/** One conversation's read point as XEP-0490 keeps it: the stanza-id of the newest message seen. */
export interface DisplayedState {
  /** The conversation; its bare JID is the item id. */
  conversation: ConversationRef;
  stanzaId: string;
  /** The archive that assigned the stanza-id: our own bare JID for a chat, the room for a room. */
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
      xml('publish', { node: NS.mds }, xml('item', { id: state.conversation.jid }, displayedElement(state))),
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

/**
 * Items of a fetch result (`<pubsub><items>`) or a `+notify` event (`<event><items>`). XEP-0490
 * §4: a chat's stanza-ids are assigned by our own account (`by` = our bare JID), a room's by the
 * room itself (`by` = the item id); an item assigned by anyone else names nothing we keep.
 */
export function parseMdsItems(items: Element | undefined, ownBare: string): DisplayedState[] {
  if (!items || items.attrs.node !== NS.mds) return [];
  const states: DisplayedState[] = [];
  for (const item of items.getChildren('item')) {
    const jid = item.attrs.id && bareJid(item.attrs.id);
    const sid = item.getChild('displayed', NS.mds)?.getChild('stanza-id', NS.sid);
    if (!isContactJid(jid) || !sid?.attrs.id || !sid.attrs.by) continue;
    const by = bareJid(sid.attrs.by);
    const conversation = by === ownBare ? chatWith(jid) : by === jid ? roomAt(jid) : undefined;
    if (conversation) states.push({ conversation, stanzaId: sid.attrs.id, by });
  }
  return states;
}

/** A `+notify` event for the MDS node; only trusted from our own account (PEP). */
export function parseMdsEvent(message: Element, ownBare: string): DisplayedState[] {
  if (!message.is('message')) return [];
  if (message.attrs.from && bareJid(message.attrs.from) !== ownBare) return [];
  return parseMdsItems(message.getChild('event', NS.pubsubEvent)?.getChild('items'), ownBare);
}

function field(name: string, value: string, type?: string): Element {
  return xml('field', { var: name, type }, xml('value', {}, value));
}
