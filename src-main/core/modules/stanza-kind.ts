import type { Element } from '@xmpp/xml';
import { NS } from '../protocol/namespaces';
import { carriesInvitation, INVITATION_CHILDREN } from '../protocol/muc-admin-codec';
import { firstChildren, type ChildName } from '../xml/first-children';
import { readAction, type ParsedAction } from '../protocol/message-actions-codec';
import { openEnvelope, readChat, type Envelope, type ParsedChat } from '../protocol/message-codec';

/**
 * What a stanza is, as far as routing goes: the key of the routing table (routing.ts). IQs are
 * not here: xmpp.js's iqCallee routes them by namespace (CoreModule.iqs).
 */
export type StanzaKind =
  /** A contact's (or our own other resource's) availability. */
  | 'presence'
  /** An occupant's presence in a group chat (it carries XEP-0045 muc#user): the rooms module's. */
  | 'presence:room'
  /** RFC 6121 subscribe, subscribed, unsubscribe, unsubscribed. */
  | 'presence:subscription'
  /** An error bounced for a message of ours. */
  | 'message:error'
  /** A result of one of our archive queries (XEP-0313). */
  | 'message:archive-result'
  /** A PEP notification (XEP-0163): MDS from our other devices. */
  | 'message:pubsub-event'
  /** A group chat message, live or replayed by a room's archive. */
  | 'message:groupchat'
  /** An invitation to a group chat (XEP-0249 direct, XEP-0045 mediated) or a decline: never a chat message. */
  | 'message:invitation'
  /** A one-to-one message, live or a carbon, from the stream or replayed by the archive. */
  | 'message:chat';

export const STANZA_KINDS: readonly StanzaKind[] = [
  'presence',
  'presence:room',
  'presence:subscription',
  'message:error',
  'message:archive-result',
  'message:pubsub-event',
  'message:groupchat',
  'message:invitation',
  'message:chat',
];

const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const SUBSCRIPTION_TYPES = new Set(['subscribe', 'subscribed', 'unsubscribe', 'unsubscribed']);

export function stanzaKind(stanza: Element): StanzaKind | undefined {
  if (stanza.is('presence')) {
    if (SUBSCRIPTION_TYPES.has(stanza.attrs.type ?? '')) return 'presence:subscription';
    return stanza.attrs.type !== 'error' && stanza.getChild('x', NS_MUC_USER) ? 'presence:room' : 'presence';
  }
  if (!stanza.is('message')) return undefined;
  const type = stanza.attrs.type;
  if (type === 'error') return 'message:error';
  const [result, event, conference, user] = firstChildren(stanza, MESSAGE_KIND_CHILDREN);
  if (result) return 'message:archive-result';
  if (event) return 'message:pubsub-event';
  if (type === 'groupchat') return 'message:groupchat';
  if (carriesInvitation(conference, user)) return 'message:invitation';
  return 'message:chat';
}

/** What decides a message's kind, read in one pass (a burst of chat messages asks every one). */
const MESSAGE_KIND_CHILDREN: readonly ChildName[] = [['result', NS.mam], ['event', NS.pubsubEvent], ...INVITATION_CHILDREN];

/** A message replayed from the archive: the archive's id for it and the timestamp it is stored with. */
export interface ArchiveOrigin {
  stanzaId: string;
  timestamp: number;
}

/**
 * A stanza on its way through the routing table. The carbon envelope and the chat content are
 * read once, when the first handler asks, and shared by every handler of the stanza.
 */
export class InboundStanza {
  // Each read at most once; `undefined` is a valid answer, so a flag says whether it was read.
  private envelopeRead = false;
  private envelopeValue: Envelope | undefined;
  private chatRead = false;
  private chatValue: ParsedChat | undefined;
  private actionRead = false;
  private actionValue: ParsedAction | undefined;

  constructor(
    readonly stanza: Element,
    readonly ownBare: string,
    /** Set when the archive replays the message (never answered, never notified live). */
    readonly archived?: ArchiveOrigin,
  ) {}

  get envelope(): Envelope | undefined {
    if (!this.envelopeRead) {
      this.envelopeRead = true;
      this.envelopeValue = openEnvelope(this.stanza, this.ownBare);
    }
    return this.envelopeValue;
  }

  get chat(): ParsedChat | undefined {
    if (!this.chatRead) {
      this.chatRead = true;
      const envelope = this.envelope;
      this.chatValue = envelope && readChat(this.archived ? { ...envelope, via: 'live' } : envelope, this.ownBare);
    }
    return this.chatValue;
  }

  /** A correction, retraction or reaction (message-actions-codec.ts), read once like `chat`. */
  get action(): ParsedAction | undefined {
    if (!this.actionRead) {
      this.actionRead = true;
      // A chat message carries no action element (readChat): no need to look again.
      if (this.chatRead && this.chatValue !== undefined) return undefined;
      const envelope = this.envelope;
      this.actionValue = envelope && readAction(this.archived ? { ...envelope, via: 'live' } : envelope, this.ownBare);
    }
    return this.actionValue;
  }
}
