import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { MentionRequest } from '../../../src-shared/contract';
import { bareJid } from '../../../src-shared/jid';
import { NS } from './namespaces';

/**
 * XEP-0372 mentions: `<reference xmlns='urn:xmpp:reference:0' type='mention' begin end uri/>`,
 * offsets in Unicode code points, the nickname in the body. The uri is the participant's real
 * address in a non-anonymous room, else their occupant address (`xmpp:room@service/nick`).
 * Guarded by test/unit/reference-codec.test.ts.
 */

export const NS_REFERENCE = 'urn:xmpp:reference:0';

export interface Reference {
  begin?: number;
  end?: number;
  uri: string;
}

/** The mention references of a message (well-formed ones only). */
export function readMentions(message: Element): Reference[] {
  return message.getChildren('reference', NS_REFERENCE).flatMap((element) => {
    const { type, uri, begin, end } = element.attrs as Record<string, string | undefined>;
    if (type !== 'mention' || !uri) return [];
    const first = begin === undefined ? undefined : Number(begin);
    const last = end === undefined ? undefined : Number(end);
    return [{ uri, ...(Number.isInteger(first) ? { begin: first } : {}), ...(Number.isInteger(last) ? { end: last } : {}) }];
  });
}

/**
 * The references for the mentions of a message we send: only those whose code points in `body`
 * are the nickname they name (a stale or forged range goes out as no reference at all).
 */
export function mentionReferences(body: string, mentions: readonly MentionRequest[], uriOf: (nick: string) => string): Element[] {
  const chars = [...body];
  return mentions
    .filter(({ begin, end, nick }) => begin < end && end <= chars.length && chars.slice(begin, end).join('') === nick)
    .map(({ begin, end, nick }) => xml('reference', { xmlns: NS_REFERENCE, type: 'mention', begin: String(begin), end: String(end), uri: uriOf(nick) }));
}

/** The XMPP URI of an address (RFC 5122), as a reference names it. */
export function xmppUri(address: string): string {
  return `xmpp:${address}`;
}

/** Whether a reference's uri names us: our real address, or our occupant address in the room. */
export function namesUs(uri: string, us: { bare: string; occupant: string }): boolean {
  if (!uri.startsWith('xmpp:')) return false;
  const address = decodeURIComponentSafe(uri.slice('xmpp:'.length).split('?')[0]!);
  return address === us.occupant || (!address.includes('/') && bareJid(address).toLowerCase() === us.bare);
}

/** XEP-0461: the message is a reply to one of ours (its `to` is our occupant address, or our own address). */
export function repliesToUs(message: Element, us: { bare: string; occupant: string }): boolean {
  const to = message.getChild('reply', NS.reply)?.attrs.to;
  if (!to) return false;
  return to === us.occupant || bareJid(to).toLowerCase() === us.bare;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
