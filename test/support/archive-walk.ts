import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Peer } from './peer';

const NS_MAM = 'urn:xmpp:mam:2';
const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_FORWARD = 'urn:xmpp:forward:0';
const NS_DELAY = 'urn:xmpp:delay';
const NS_SID = 'urn:xmpp:sid:0';

/** One message of an account's archive (XEP-0313), as the server keeps it. */
export interface ArchiveEntry {
  /** The archive's id: the stanza-id our server gave it. */
  stanzaId: string;
  from: string;
  to: string;
  id?: string;
  originId?: string;
  body?: string;
  stamp?: string;
}

export interface WalkOptions {
  /** Only the conversation with this JID. */
  with?: string;
  /** Only messages archived at or after this time. */
  start?: Date;
  pageSize?: number;
  /** Per query. */
  timeout?: number;
}

/** Walks the archive of the peer's own account from the oldest message forward, page by page. */
export async function walkArchive(peer: Peer, options: WalkOptions = {}): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  let after: string | undefined;
  for (;;) {
    const queryId = randomUUID();
    const from = peer.received.length;
    const fields = [
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM)),
      options.with ? xml('field', { var: 'with' }, xml('value', {}, options.with)) : null,
      options.start ? xml('field', { var: 'start' }, xml('value', {}, options.start.toISOString().replace(/\.\d+Z$/, 'Z'))) : null,
    ];
    const reply = await peer.client.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: NS_MAM, queryid: queryId },
          xml('x', { xmlns: 'jabber:x:data', type: 'submit' }, ...fields),
          xml('set', { xmlns: NS_RSM }, xml('max', {}, String(options.pageSize ?? 50)), after ? xml('after', {}, after) : null),
        ),
      ),
      options.timeout ?? 15_000,
    );
    // The results come before the IQ's answer, in archive order.
    for (const stanza of peer.received.slice(from)) {
      const result = stanza.is('message') ? stanza.getChild('result', NS_MAM) : undefined;
      if (!result || result.attrs.queryid !== queryId) continue;
      const forwarded = result.getChild('forwarded', NS_FORWARD);
      const message = forwarded?.getChild('message');
      if (!message) continue;
      entries.push(entry(result.attrs.id!, message, forwarded!));
    }
    const fin = reply.getChild('fin', NS_MAM);
    const last = fin?.getChild('set', NS_RSM)?.getChildText('last');
    if (fin?.attrs.complete === 'true' || !last) return entries;
    after = last;
  }
}

function entry(stanzaId: string, message: Element, forwarded: Element): ArchiveEntry {
  return {
    stanzaId,
    from: message.attrs.from ?? '',
    to: message.attrs.to ?? '',
    id: message.attrs.id,
    originId: message.getChild('origin-id', NS_SID)?.attrs.id,
    body: message.getChildText('body') ?? undefined,
    stamp: forwarded.getChild('delay', NS_DELAY)?.attrs.stamp,
  };
}

/** Bare form of a JID. */
export function bare(jid: string): string {
  return jid.split('/')[0]!.toLowerCase();
}
