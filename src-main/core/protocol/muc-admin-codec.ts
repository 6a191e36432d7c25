import xml, { type Element } from '@xmpp/xml';
import { bareJid, isContactJid } from '../../../src-shared/jid';

const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';

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
