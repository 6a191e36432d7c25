import xml, { Element } from '@xmpp/xml';
import { firstChildren, type ChildName } from '../xml/first-children';
import { NS } from './namespaces';

/** What a chat message says about earlier messages, or asks of us (XEP-0184, XEP-0333). */
export interface Acknowledgements {
  /** XEP-0184 `<received id/>`: the contact's device got our message `id`. */
  receivedId?: string;
  /** XEP-0333 `<displayed id/>`: the contact saw everything up to our message `id`. */
  displayedId?: string;
  /** The sender asked for a receipt. */
  receiptRequested: boolean;
  /** The sender accepts a displayed marker for this message. */
  markable: boolean;
}

const ACKNOWLEDGEMENT_CHILDREN: readonly ChildName[] = [
  ['received', NS.receipts],
  ['displayed', NS.markers],
  ['request', NS.receipts],
  ['markable', NS.markers],
];

export function readAcknowledgements(message: Element): Acknowledgements {
  const [received, displayed, request, markable] = firstChildren(message, ACKNOWLEDGEMENT_CHILDREN);
  return {
    receivedId: received?.attrs.id || undefined,
    displayedId: displayed?.attrs.id || undefined,
    receiptRequested: request !== undefined,
    markable: markable !== undefined,
  };
}

/** XEP-0184 §5: the receipt names the id of the message it acknowledges. */
export function buildReceipt(to: string, id: string): Element {
  // Built directly rather than with xml(), which copies and converts every attribute: nearly every
  // message received is answered with one (test/unit/read-status-codecs.test.ts).
  // Each attrs object is made here and handed over, not copied in by the constructor as `c()` does.
  const receipt = new Element('message');
  receipt.attrs = { to, id: `receipt-${id}` };
  const received = new Element('received');
  received.attrs = { xmlns: NS.receipts, id };
  received.parent = receipt;
  receipt.children = [received];
  return receipt;
}

/**
 * XEP-0333 displayed marker for everything up to `id` (the contact's message@id in a 1:1 chat; in a
 * room, `groupchat` to the room with the room's stanza-id), with a store hint so the archive keeps
 * it for our other devices and the other side's (docs/protocol.md).
 */
export function buildDisplayedMarker(to: string, id: string, markerId: string, type: 'chat' | 'groupchat' = 'chat'): Element {
  return xml('message', { to, type, id: markerId }, xml('displayed', { xmlns: NS.markers, id }), xml('store', { xmlns: NS.hints }));
}
