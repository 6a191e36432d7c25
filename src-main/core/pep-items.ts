import type { Element } from '@xmpp/xml';
import { NS } from './protocol/namespaces';
import { IqError } from './session/iq-requests';

/**
 * Fetches the items of one of our PEP nodes (`fetch` is the `<iq type='get'><pubsub><items/>`
 * request): resolves with the result's `<items/>`, or undefined when the node does not exist yet.
 * A node nobody has published to answers `item-not-found` (XEP-0060 §6.5.9.11): on a fresh
 * account that is the normal answer, and it means "empty", not a failure.
 */
export async function fetchPepItems(connection: { request(iq: Element): Promise<Element> }, fetch: Element): Promise<Element | undefined> {
  try {
    const result = await connection.request(fetch);
    return result.getChild('pubsub', NS.pubsub)?.getChild('items');
  } catch (error) {
    if (error instanceof IqError && error.condition === 'item-not-found') return undefined;
    throw error;
  }
}
