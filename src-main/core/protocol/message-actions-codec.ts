import xml, { type Element } from '@xmpp/xml';
import { bareJid } from '../../../src-shared/jid';
import type { ConversationRef, Sender } from '../../../src-shared/conversation';
import { ACTION_CHILDREN, delayStamp, trustedStanzaId, type Envelope } from './message-codec';
import { firstChildren } from '../xml/first-children';
import { NS } from './namespaces';

/**
 * Message actions: corrections (XEP-0308), retractions (XEP-0424, current and fastening forms)
 * and reactions (XEP-0444). Each names its target by the original's message@id in a chat (the
 * room's stanza-id in a room); docs/protocol.md, "Message actions". Guarded by
 * test/unit/message-actions-codec.test.ts against the XEPs' examples.
 */

export type ActionContent =
  { type: 'correction'; target: string; body: string } | { type: 'retraction'; target: string } | { type: 'reaction'; target: string; emojis: string[] };

/** A message action as addressed to us, ready for history but for its timestamp. */
export type ParsedAction = ActionContent & {
  conversation: ConversationRef;
  direction: 'in' | 'out';
  sender: Sender;
  from: string;
  id?: string;
  stanzaId?: string;
  stanzaIdBy?: string;
  delayedAt?: number;
  via: 'live' | 'carbon';
};

/** Most reactions kept from one sender for one message; longer strings are no emoji. */
const MAX_REACTIONS = 20;
const MAX_REACTION_LENGTH = 32;

/** The action a message carries, if it is a well-formed one. */
export function readActionContent(message: Element): ActionContent | undefined {
  const [replace, retract, fastening, reactions] = firstChildren(message, ACTION_CHILDREN);
  if (retract?.attrs.id) return { type: 'retraction', target: retract.attrs.id };
  if (fastening?.attrs.id && fastening.getChild('retract', NS.retractLegacy)) return { type: 'retraction', target: fastening.attrs.id };
  if (replace?.attrs.id) {
    const body = message.getChildText('body');
    return typeof body === 'string' ? { type: 'correction', target: replace.attrs.id, body } : undefined;
  }
  if (reactions?.attrs.id) return { type: 'reaction', target: reactions.attrs.id, emojis: reactionSet(reactions) };
  return undefined;
}

/** The distinct non-empty reactions, in order, at most MAX_REACTIONS. */
function reactionSet(reactions: Element): string[] {
  const set: string[] = [];
  for (const child of reactions.getChildren('reaction')) {
    const emoji = child.getText().trim();
    if (emoji && emoji.length <= MAX_REACTION_LENGTH && !set.includes(emoji)) set.push(emoji);
    if (set.length === MAX_REACTIONS) break;
  }
  return set;
}

/** The action of an envelope (see message-codec openEnvelope), with its sender and ids. */
export function readAction(envelope: Envelope, ownBare: string): ParsedAction | undefined {
  const { message, sentByUs, conversation, via } = envelope;
  const type = message.attrs.type ?? 'normal';
  if (type !== 'chat' && type !== 'normal') return undefined;
  if (conversation.jid === ownBare && !sentByUs) return undefined;
  const content = readActionContent(message);
  if (!content) return undefined;
  const from = message.attrs.from ?? ownBare;
  const stanzaId = trustedStanzaId(message, ownBare);
  const id = message.getChild('origin-id', NS.sid)?.attrs.id || message.attrs.id || undefined;
  return {
    ...content,
    conversation,
    direction: sentByUs ? 'out' : 'in',
    sender: { jid: bareJid(from) },
    from,
    ...(id ? { id } : {}),
    ...(stanzaId ? { stanzaId, stanzaIdBy: ownBare } : {}),
    ...(delayStamp(message) !== undefined ? { delayedAt: delayStamp(message) } : {}),
    via,
  };
}

/**
 * Where an action goes: `chat` to the other party, `groupchat` to a room (XEP-0045 §7.4), whose
 * reflection comes back to us. No receipt is asked in a room (XEP-0184 §5.3).
 */
export type ActionType = 'chat' | 'groupchat';

/** XEP-0308: the whole new text, a new id, and the *original* id (never a previous correction's). */
export function buildCorrection(to: string, body: string, id: string, original: string, type: ActionType = 'chat'): Element {
  return xml(
    'message',
    { type, to, id },
    xml('body', {}, body),
    xml('replace', { xmlns: NS.correction, id: original }),
    xml('origin-id', { xmlns: NS.sid, id }),
    type === 'chat' ? xml('request', { xmlns: NS.receipts }) : undefined,
    xml('markable', { xmlns: NS.markers }),
  );
}

/** XEP-0424 §4: the retraction, its fallback marked as such, and a hint to archive it. */
export function buildRetraction(to: string, id: string, original: string, fallbackBody: string, type: ActionType = 'chat'): Element {
  return xml(
    'message',
    { type, to, id },
    xml('retract', { xmlns: NS.retract, id: original }),
    xml('fallback', { xmlns: NS.fallback, for: NS.retract }),
    xml('body', {}, fallbackBody),
    xml('origin-id', { xmlns: NS.sid, id }),
    xml('store', { xmlns: NS.hints }),
  );
}

/** XEP-0444 §3: our whole set of reactions to the target (empty removes all), archived. */
export function buildReactions(to: string, id: string, target: string, emojis: readonly string[], type: ActionType = 'chat'): Element {
  return xml(
    'message',
    { type, to, id },
    xml('reactions', { xmlns: NS.reactions, id: target }, ...emojis.map((emoji) => xml('reaction', {}, emoji))),
    xml('origin-id', { xmlns: NS.sid, id }),
    xml('store', { xmlns: NS.hints }),
  );
}
