import xml, { type Element } from '@xmpp/xml';
import type { Subscription } from '../../../src-shared/contract';
import { NS } from './namespaces';
import { bareJid, isContactJid } from '../../../src-shared/jid';

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** RFC 6121 `ask='subscribe'`: our request is waiting for an answer. */
  pending: boolean;
  /** RFC 6121 §2.1.2.5 `<group/>` children: each once, trimmed, empty ones dropped. */
  groups: string[];
}

export type RosterChange = RosterItem | { jid: string; removed: true };

const SUBSCRIPTIONS: readonly string[] = ['none', 'to', 'from', 'both'];

/** Items of a roster result or push; malformed items are skipped, not fatal. */
export function parseRosterItems(query: Element | undefined): RosterChange[] {
  if (!query?.is('query', NS.roster)) return [];
  const changes: RosterChange[] = [];
  for (const item of query.getChildren('item')) {
    const jid = item.attrs.jid && bareJid(item.attrs.jid);
    if (!isContactJid(jid)) continue;
    const subscription = item.attrs.subscription ?? 'none';
    if (subscription === 'remove') {
      changes.push({ jid, removed: true });
      continue;
    }
    changes.push({
      jid,
      name: item.attrs.name?.trim() || undefined,
      subscription: (SUBSCRIPTIONS.includes(subscription) ? subscription : 'none') as Subscription,
      pending: item.attrs.ask === 'subscribe',
      groups: readGroups(item),
    });
  }
  return changes;
}

const MAX_GROUP_LENGTH = 256;

function readGroups(item: Element): string[] {
  const names = item.getChildren('group').map((group) => group.getText().trim().slice(0, MAX_GROUP_LENGTH));
  return [...new Set(names.filter((name) => name !== ''))];
}

/**
 * RFC 6121 §2.6.2: `ver` is the version of the roster we hold ('' when we hold none but the server
 * versions rosters); undefined when the server does not advertise versioning.
 */
export function buildRosterGet(ver?: string): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster, ver }));
}

/** The version a roster result or push carries (RFC 6121 §2.6), if any. */
export function parseRosterVersion(query: Element | undefined): string | undefined {
  const ver = query?.is('query', NS.roster) ? query.attrs.ver : undefined;
  return typeof ver === 'string' ? ver : undefined;
}

/** RFC 6121 §2.1.2: a roster set replaces the whole item, so the groups to keep must be named again. */
export function buildRosterSet(jid: string, name?: string, groups: readonly string[] = []): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS.roster },
      xml(
        'item',
        { jid, name },
        groups.map((group) => xml('group', {}, group)),
      ),
    ),
  );
}

export function buildRosterRemove(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', { jid, subscription: 'remove' })));
}
