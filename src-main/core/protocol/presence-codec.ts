import xml, { type Element } from '@xmpp/xml';
import type { ContactPresence, OwnPresence } from '../../../src-shared/contract';
import { bareJid, isPeerJid } from '../../../src-shared/jid';

export type PresenceEvent =
  | { kind: 'availability'; from: string; resource: string; presence: ContactPresence; status?: string }
  | { kind: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed'; from: string };

const SUBSCRIPTION_TYPES = ['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed'] as const;

export function parsePresence(stanza: Element): PresenceEvent | undefined {
  if (!stanza.is('presence') || !stanza.attrs.from) return undefined;
  const full = stanza.attrs.from;
  const from = bareJid(full);
  // FIX (issue 5, hostile-input tests): presence (a subscription request above all) from something
  // that is no JID is dropped, not listed as a request from `a@b@c` or a lookalike of a contact.
  if (!isPeerJid(from)) return undefined;
  const type = stanza.attrs.type;
  if (type && (SUBSCRIPTION_TYPES as readonly string[]).includes(type)) {
    return { kind: type as (typeof SUBSCRIPTION_TYPES)[number], from };
  }
  const slash = full.indexOf('/');
  const resource = slash === -1 ? '' : full.slice(slash + 1);
  const status = stanza.getChildText('status')?.slice(0, 1024) || undefined;
  if (type === 'unavailable' || type === 'error') {
    return { kind: 'availability', from, resource, presence: 'offline', status };
  }
  if (type) return undefined;
  return { kind: 'availability', from, resource, presence: showToPresence(stanza.getChildText('show')), status };
}

/** RFC 6121 §4.7.2.1: away and xa read as away, dnd as do not disturb, chat or none as available. */
function showToPresence(show: string | null): ContactPresence {
  switch (show) {
    case 'away':
    case 'xa':
      return 'away';
    case 'dnd':
      return 'dnd';
    default:
      return 'available';
  }
}

/** `extras`: caps (XEP-0115), the photo hash (XEP-0153). */
export function buildOwnPresence(show: OwnPresence, status?: string, ...extras: (Element | undefined)[]): Element {
  return xml('presence', {}, show === 'available' ? undefined : xml('show', {}, show), status ? xml('status', {}, status) : undefined, ...extras);
}

export function buildSubscriptionPresence(to: string, type: (typeof SUBSCRIPTION_TYPES)[number]): Element {
  return xml('presence', { to, type });
}
