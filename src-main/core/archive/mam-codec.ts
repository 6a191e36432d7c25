import xml, { type Element } from '@xmpp/xml';
import { bareJid } from '../../../src-shared/jid';
import { delayStamp } from '../protocol/message-codec';
import { NS } from '../protocol/namespaces';

export const NS_RSM = 'http://jabber.org/protocol/rsm';

export interface MamQuery {
  queryId: string;
  max: number;
  /** Page forward from this stanza-id. */
  after?: string;
  /** Page backward: `true` for the newest page, or a stanza-id to page back from. */
  before?: string | true;
  /** A room's archive (XEP-0313 §5 on the room's JID); our own when absent. */
  to?: string;
  /** Only messages archived at or after / at or before this time (ms since the epoch; XEP-0313 §4.1.1). */
  start?: number;
  end?: number;
  /** Only messages before this stanza-id (XEP-0313 `before-id`, servers with `urn:xmpp:mam:2#extended`). */
  beforeId?: string;
}

/** XEP-0082 date-time without fractions: the slices' borders are whole seconds. */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The XEP-0004 filter form of a sliced query, or nothing when the query has no filter. */
function timeFilter(query: MamQuery): Element | undefined {
  if (query.start === undefined && query.end === undefined && query.beforeId === undefined) return undefined;
  const field = (name: string, value: string, type?: string) => xml('field', type ? { var: name, type } : { var: name }, xml('value', {}, value));
  return xml(
    'x',
    { xmlns: NS.dataForms, type: 'submit' },
    field('FORM_TYPE', NS.mam, 'hidden'),
    query.start !== undefined ? field('start', dateTime(query.start)) : undefined,
    query.end !== undefined ? field('end', dateTime(query.end)) : undefined,
    query.beforeId !== undefined ? field('before-id', query.beforeId) : undefined,
  );
}

/** XEP-0313 query of our own archive (no `to`: our bare JID), or a room's, with XEP-0059 paging. */
export function buildMamQuery(query: MamQuery): Element {
  return xml(
    'iq',
    query.to ? { type: 'set', to: query.to } : { type: 'set' },
    xml(
      'query',
      { xmlns: NS.mam, queryid: query.queryId },
      timeFilter(query),
      xml(
        'set',
        { xmlns: NS_RSM },
        xml('max', {}, String(query.max)),
        query.after !== undefined ? xml('after', {}, query.after) : undefined,
        query.before === true ? xml('before') : query.before !== undefined ? xml('before', {}, query.before) : undefined,
      ),
    ),
  );
}

export interface ArchivedMessage {
  /** The archive's id for it: our server's stanza-id. */
  stanzaId: string;
  message: Element;
  /** When the server archived it. */
  timestamp: number | undefined;
  /** The stanza-id of the message before it in the walk (for the first, the one it started after), if known. */
  follows?: string;
}

/**
 * One `<result/>` of our query. Only the archive queried may answer: our own server (from absent
 * or our bare JID) for our own archive, the room (from = the room) for a room's; anything else
 * claiming to be a result is ignored.
 */
export function parseMamResult(stanza: Element, ownBare: string, queryId: string, archive?: string): ArchivedMessage | undefined {
  if (!stanza.is('message')) return undefined;
  if (archive !== undefined ? stanza.attrs.from !== archive : stanza.attrs.from && bareJid(stanza.attrs.from) !== ownBare) return undefined;
  const result = stanza.getChild('result', NS.mam);
  if (!result || result.attrs.queryid !== queryId || !result.attrs.id) return undefined;
  const forwarded = result.getChild('forwarded', NS.forward);
  const message = forwarded?.getChild('message');
  if (!forwarded || !message) return undefined;
  return { stanzaId: result.attrs.id, message, timestamp: delayStamp(forwarded) };
}

export interface MamPage {
  complete: boolean;
  first?: string;
  last?: string;
}

export function parseFin(iqResult: Element): MamPage {
  const fin = iqResult.getChild('fin', NS.mam);
  const set = fin?.getChild('set', NS_RSM);
  return {
    complete: fin?.attrs.complete === 'true',
    first: set?.getChildText('first') ?? undefined,
    last: set?.getChildText('last') ?? undefined,
  };
}
