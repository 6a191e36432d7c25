import xml, { type Element } from '@xmpp/xml';
import { BoundedMap } from '../bounded-map';
import { isChildNamed } from '../xml/child-name';
import { firstChildren, type ChildName } from '../xml/first-children';
import { NS } from './namespaces';
import { readReply } from './reply-codec';
import type { MessageReply } from '../../../src-shared/contract';
import { SHARED_FILE_CHILDREN, sharedFile } from './file-share-codec';
import type { SharedFile } from '../../../src-shared/contract';
import { type ConversationRef, type Sender } from '../../../src-shared/conversation';
import { bareJid, isPeerJid } from '../../../src-shared/jid';

/** A message as addressed to us: a live one, or the message inside a XEP-0280 carbon. */
export interface Envelope {
  message: Element;
  via: 'live' | 'carbon';
  /** Sent by one of our own devices (a `sent` carbon, or from our bare JID). */
  sentByUs: boolean;
  /** The chat with the other party. */
  conversation: ConversationRef;
}

export interface ParsedChat {
  conversation: ConversationRef;
  direction: 'in' | 'out';
  sender: Sender;
  from: string;
  id?: string;
  originId?: string;
  stanzaId?: string;
  /** Our bare JID, when `stanzaId` is set: our server's archive assigned it. */
  stanzaIdBy?: string;
  body: string;
  /** From a XEP-0203 delay, if any. */
  delayedAt?: number;
  via: 'live' | 'carbon';
  markable: boolean;
  /** XEP-0461: the message this one answers (`body` is without its fallback quote). */
  reply?: MessageReply;
  /** The file it shares (XEP-0066 body = OOB URL, or XEP-0447 with a URL source). */
  file?: SharedFile;
}

/**
 * The outgoing 1:1 chat message: `id` doubles as the XEP-0359 origin-id; it asks for a receipt
 * (XEP-0184) and accepts a displayed marker (XEP-0333); `extra`: e.g. the XEP-0085 `<active/>`.
 */
export function buildChatMessage(to: string, body: string, id: string, ...extra: Element[]): Element {
  return xml(
    'message',
    { type: 'chat', to, id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.sid, id }),
    xml('request', { xmlns: NS.receipts }),
    xml('markable', { xmlns: NS.markers }),
    ...extra,
  );
}

const CARBON_CHILDREN: readonly ChildName[] = [
  ['received', NS.carbons],
  ['sent', NS.carbons],
];

/**
 * Unwraps carbons and works out the conversation. Undefined for a carbon that does not come
 * from our own bare JID (XEP-0280 §11: anyone else could forge one) and for group chat traffic.
 */
export function openEnvelope(stanza: Element, ownBare: string): Envelope | undefined {
  if (!stanza.is('message')) return undefined;
  const [received, sent] = firstChildren(stanza, CARBON_CHILDREN);
  const carbon = received ?? sent;
  let message = stanza;
  let via: Envelope['via'] = 'live';
  let sentByUs = false;
  if (carbon) {
    const wrapperFrom = stanza.attrs.from ? bareJid(stanza.attrs.from) : ownBare;
    if (wrapperFrom !== ownBare) return undefined;
    const inner = carbon.getChild('forwarded', NS.forward)?.getChild('message');
    if (!inner) return undefined;
    message = inner;
    via = 'carbon';
    sentByUs = carbon.name === 'sent';
  }
  const type = message.attrs.type ?? 'normal';
  if (type === 'groupchat') return undefined;
  const fromBare = bareJid(message.attrs.from ?? ownBare);
  sentByUs ||= fromBare === ownBare;
  const other = sentByUs ? bareJid(message.attrs.to ?? ownBare) : fromBare;
  // FIX (issue 5, hostile-input tests): a `from`/`to` that is no JID at all never becomes a conversation.
  if (!isKnownPeerJid(other)) return undefined;
  // `other` is bare already: chatWith's own bareJid would find nothing left to do.
  return { message, via, sentByUs, conversation: { kind: 'chat', jid: other } };
}

/** Addresses isPeerJid already judged: a session talks with a few, each checked once (bounded against a flood of new ones). */
const judgedPeers = new BoundedMap<string, boolean>(1024);

function isKnownPeerJid(jid: string): boolean {
  let peer = judgedPeers.get(jid);
  if (peer === undefined) {
    peer = isPeerJid(jid);
    judgedPeers.remember(jid, peer);
  }
  return peer;
}

/** The children that make a message an action (message-actions-codec.ts reads them). */
export const ACTION_CHILDREN: readonly ChildName[] = [
  ['replace', NS.correction],
  ['retract', NS.retract],
  ['apply-to', NS.fasten],
  ['reactions', NS.reactions],
];

/**
 * Whether a message carries an action element at all. Such a message is never also a chat
 * message: a correction's body is the new text, a retraction's or reaction's body is a fallback
 * for old clients that must never show (XEP-0424 §5).
 */
export function carriesAction(message: Element): boolean {
  const [replace, retract, fastening, reactions] = firstChildren(message, ACTION_CHILDREN);
  return isAction(replace, retract, fastening, reactions);
}

/** The same, from the message's first `ACTION_CHILDREN`. */
function isAction(replace: Element | undefined, retract: Element | undefined, fastening: Element | undefined, reactions: Element | undefined): boolean {
  return replace !== undefined || retract !== undefined || fastening?.getChild('retract', NS.retractLegacy) !== undefined || reactions !== undefined;
}

/** Every child readChat looks at, read in one pass: nearly every message received is one. */
const CHAT_CHILDREN: readonly ChildName[] = [
  ['body', undefined],
  ['origin-id', NS.sid],
  ['markable', NS.markers],
  ['delay', NS.delay],
  ['reply', NS.reply],
  ...SHARED_FILE_CHILDREN,
  ...ACTION_CHILDREN,
];

/**
 * The chat content of an envelope: undefined when it carries no body (markers, chat states) or is
 * a message action (message-actions-codec.ts).
 */
export function readChat(envelope: Envelope, ownBare: string): ParsedChat | undefined {
  const { message, sentByUs, conversation, via } = envelope;
  const type = message.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return undefined;
  const [bodyElement, originId, markable, delay, replyElement, sharing, oob, replace, retract, fastening, reactions] = firstChildren(message, CHAT_CHILDREN);
  const text = bodyElement?.getText();
  const file = sharedFile(sharing, text, oob);
  // A XEP-0447 message may carry no body: its URL stands in for one.
  const body = text ?? file?.url;
  if (body === undefined) return undefined;
  if (isAction(replace, retract, fastening, reactions)) return undefined;
  if (conversation.jid === ownBare && !sentByUs) return undefined;
  const from = message.attrs.from ?? ownBare;
  const stanzaId = trustedStanzaId(message, ownBare);
  const replied = readReply(message, body, replyElement);
  const chat: ParsedChat = {
    conversation,
    direction: sentByUs ? 'out' : 'in',
    sender: { jid: bareJid(from) },
    from,
    id: message.attrs.id || undefined,
    originId: originId?.attrs.id || undefined,
    stanzaId,
    body: replied.body,
    delayedAt: stampOf(delay),
    via,
    markable: markable !== undefined,
  };
  if (stanzaId) chat.stanzaIdBy = ownBare;
  if (replied.reply) chat.reply = replied.reply;
  if (file) chat.file = file;
  return chat;
}

/** Convenience for one stanza: envelope and chat content together. */
export function parseChatMessage(stanza: Element, ownBare: string): ParsedChat | undefined {
  const envelope = openEnvelope(stanza, ownBare);
  return envelope && readChat(envelope, ownBare);
}

/**
 * XEP-0359: only our own server (by = our bare JID) assigns the stanza-ids we key history on.
 * FIX (issue 5, found by test/integration/hostile-input.test.ts): `by` must BE our bare JID, not
 * merely have it as its bare part. Prosody strips a sender's stanza-ids that claim our bare JID,
 * but not one claiming our full JID (`by='me@example.org/phone'`), which `bareJid()` accepted: a
 * sender could then give its message the stanza-id of another message (history merged the two, so
 * one of them was lost) or an unknown one (archive sync from it fails). And Debian's Prosody 0.12.3
 * does not strip those claiming our bare JID either when it archives the message (mod_mam strips
 * into `event.stanza`, then delivers a clone of the unstripped stanza with its own stanza-id
 * appended): with several, the last is the server's.
 */
export function trustedStanzaId(message: Element, ownBare: string): string | undefined {
  let trusted: string | undefined;
  for (const sid of message.children) {
    if (!isChildNamed(sid, 'stanza-id', NS.sid)) continue;
    const by = sid.attrs.by;
    // The last one: a server adds its own after what the sender wrote (see above).
    if (by && !by.includes('/') && by.toLowerCase() === ownBare && sid.attrs.id) trusted = sid.attrs.id;
  }
  return trusted;
}

export function delayStamp(message: Element): number | undefined {
  return stampOf(message.getChild('delay', NS.delay));
}

/** The time a XEP-0203 `<delay/>` gives, if it gives one. */
function stampOf(delay: Element | undefined): number | undefined {
  const stamp = delay?.attrs.stamp;
  if (!stamp) return undefined;
  const time = Date.parse(stamp);
  return Number.isFinite(time) ? time : undefined;
}

export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set', id: `carbons-${Date.now()}` }, xml('enable', { xmlns: NS.carbons }));
}
