import xml, { type Element } from '@xmpp/xml';
import { bareJid, isPeerJid } from '../../../src-shared/jid';
import { NS } from './namespaces';

/**
 * XEP-0191 Blocking Command: the list, block and unblock requests, and the server's pushes. Pure;
 * guarded by test/unit/blocking-codec.test.ts.
 */

export function buildBlocklistRequest(): Element {
  return xml('iq', { type: 'get' }, xml('blocklist', { xmlns: NS.blocking }));
}

export function buildBlock(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('block', { xmlns: NS.blocking }, xml('item', { jid })));
}

export function buildUnblock(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('unblock', { xmlns: NS.blocking }, xml('item', { jid })));
}

/** The addresses of a `<blocklist/>`, `<block/>` or `<unblock/>`; items that are no address are skipped. */
export function blockedItems(element: Element | undefined): string[] {
  const jids = (element?.getChildren('item') ?? []).map((item) => item.attrs.jid?.trim()).filter((jid): jid is string => Boolean(jid));
  return [...new Set(jids.filter((jid) => !jid.includes('/')).map(bareJid))].filter(isPeerJid);
}

/** A push (XEP-0191 §3.3, §3.4): what it changes; an `<unblock/>` without items unblocks everyone. */
export type BlockPush = { kind: 'block'; jids: string[] } | { kind: 'unblock'; jids: string[] } | { kind: 'unblock-all' };

export function parseBlockPush(element: Element): BlockPush | undefined {
  if (element.is('block', NS.blocking)) return { kind: 'block', jids: blockedItems(element) };
  if (!element.is('unblock', NS.blocking)) return undefined;
  return element.getChildren('item').length === 0 ? { kind: 'unblock-all' } : { kind: 'unblock', jids: blockedItems(element) };
}
