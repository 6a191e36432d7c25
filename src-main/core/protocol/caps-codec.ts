import { createHash } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';

export const CAPS_NODE = 'https://glance.example/caps';

const IDENTITY = { category: 'client', type: 'pc', name: 'Glance' };

// What Glance tells others it understands is the union of its modules' features (modules/routing.ts).

/** XEP-0115 §5.1 verification string, SHA-1, for our single identity and feature list. */
export function capsVersion(features: readonly string[], id: { category: string; type: string; name: string } = IDENTITY): string {
  const identity = `${id.category}/${id.type}//${id.name}<`;
  const text =
    identity +
    [...features]
      .sort()
      .map((f) => `${f}<`)
      .join('');
  return createHash('sha1').update(text, 'utf8').digest('base64');
}

export function buildCapsElement(features: readonly string[]): Element {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node: CAPS_NODE, ver: capsVersion(features) });
}

/** The disco#info answer, echoing the node the asker used (caps lookups use `node#ver`). */
export function buildDiscoInfo(node: string | undefined, features: readonly string[]): Element {
  return xml('query', { xmlns: NS.discoInfo, node }, xml('identity', IDENTITY), ...features.map((feature) => xml('feature', { var: feature })));
}

export function buildDiscoInfoRequest(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo }));
}

export function discoFeatures(result: Element): Set<string> {
  const query = result.getChild('query', NS.discoInfo);
  return new Set((query?.getChildren('feature') ?? []).map((f) => f.attrs.var ?? '').filter(Boolean));
}
