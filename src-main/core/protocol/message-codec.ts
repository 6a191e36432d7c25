import xml, { type Element } from '@xmpp/xml';
import { NS } from './namespaces';
import { bareJid } from './jid';

export interface ParsedChat {
  peer: string;
  direction: 'in' | 'out';
  from: string;
  id?: string;
  originId?: string;
  stanzaId?: string;
  body: string;
  /** From a XEP-0203 delay, if any. */
  delayedAt?: number;
  via: 'live' | 'carbon';
}

/** The outgoing 1:1 chat message: `id` doubles as the XEP-0359 origin-id. */
export function buildChatMessage(to: string, body: string, id: string): Element {
  return xml(
    'message',
    { type: 'chat', to, id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.sid, id }),
  );
}

/**
 * Reads a 1:1 chat message (live or a XEP-0280 carbon) addressed to our account.
 * Returns undefined for anything that is not a chat message with a body, and for carbons that do
 * not come from our own bare JID (XEP-0280 §11: anyone else could forge them).
 */
export function parseChatMessage(stanza: Element, ownBare: string): ParsedChat | undefined {
  if (!stanza.is('message')) return undefined;
  const carbon = stanza.getChild('received', NS.carbons) ?? stanza.getChild('sent', NS.carbons);
  if (carbon) {
    const wrapperFrom = stanza.attrs.from ? bareJid(stanza.attrs.from) : ownBare;
    if (wrapperFrom !== ownBare) return undefined;
    const inner = carbon.getChild('forwarded', NS.forward)?.getChild('message');
    if (!inner) return undefined;
    const parsed = parseDirect(inner, ownBare, carbon.name === 'sent');
    return parsed && { ...parsed, via: 'carbon' };
  }
  const parsed = parseDirect(stanza, ownBare, false);
  return parsed && { ...parsed, via: 'live' };
}

function parseDirect(message: Element, ownBare: string, sentByUs: boolean): Omit<ParsedChat, 'via'> | undefined {
  const type = message.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return undefined;
  const body = message.getChildText('body');
  if (body === null || body === undefined) return undefined;
  const from = message.attrs.from ?? ownBare;
  const to = message.attrs.to ?? ownBare;
  const fromBare = bareJid(from);
  const outgoing = sentByUs || fromBare === ownBare;
  const peer = outgoing ? bareJid(to) : fromBare;
  if (!peer || peer === ownBare && !outgoing) return undefined;
  return {
    peer,
    direction: outgoing ? 'out' : 'in',
    from,
    id: message.attrs.id || undefined,
    originId: message.getChild('origin-id', NS.sid)?.attrs.id || undefined,
    stanzaId: trustedStanzaId(message, ownBare),
    body,
    delayedAt: delayStamp(message),
  };
}

/** XEP-0359: only our own server (by = our bare JID) assigns the stanza-ids we key history on. */
export function trustedStanzaId(message: Element, ownBare: string): string | undefined {
  for (const sid of message.getChildren('stanza-id', NS.sid)) {
    if (sid.attrs.by && bareJid(sid.attrs.by) === ownBare && sid.attrs.id) return sid.attrs.id;
  }
  return undefined;
}

export function delayStamp(message: Element): number | undefined {
  const stamp = message.getChild('delay', NS.delay)?.attrs.stamp;
  if (!stamp) return undefined;
  const time = Date.parse(stamp);
  return Number.isFinite(time) ? time : undefined;
}

export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set', id: `carbons-${Date.now()}` }, xml('enable', { xmlns: NS.carbons }));
}
