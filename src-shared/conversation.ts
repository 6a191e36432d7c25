import { bareJid } from './jid';

/**
 * A conversation is a one-to-one chat with an address, or a group chat (XEP-0045 room). Both
 * are kept, listed, read and notified alike; only the protocol underneath differs.
 */
export type ConversationKind = 'chat' | 'room';

export interface ConversationRef {
  readonly kind: ConversationKind;
  /** Bare JID, lower-cased: the other party of a chat, or the room's address. */
  readonly jid: string;
}

/**
 * The string form of a ConversationRef (`chat:alice@example.org`, `room:team@conference.example.org`):
 * the key of history rows, mutes, drafts and notifications. The same address can be a chat and a
 * room at once only in theory, and the kind keeps them apart anyway.
 */
export type ConversationKey = `${ConversationKind}:${string}`;

export function chatWith(jid: string): ConversationRef {
  return { kind: 'chat', jid: bareJid(jid) };
}

export function roomAt(jid: string): ConversationRef {
  return { kind: 'room', jid: bareJid(jid) };
}

export function conversationKey(ref: ConversationRef): ConversationKey {
  return `${ref.kind}:${ref.jid}`;
}

/** The ref a key stands for; undefined when the string is not a key. */
export function parseConversationKey(key: unknown): ConversationRef | undefined {
  if (typeof key !== 'string') return undefined;
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const jid = key.slice(colon + 1);
  if ((kind !== 'chat' && kind !== 'room') || jid.length === 0 || jid !== bareJid(jid)) return undefined;
  return { kind, jid };
}

export function sameConversation(a: ConversationRef | undefined | null, b: ConversationRef | undefined | null): boolean {
  return !!a && !!b && a.kind === b.kind && a.jid === b.jid;
}

/** A ref received from the other side of the contract: exactly a kind and a bare JID, or undefined. */
export function asConversationRef(value: unknown): ConversationRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, jid } = value as Record<string, unknown>;
  if ((kind !== 'chat' && kind !== 'room') || typeof jid !== 'string' || jid.length === 0 || jid !== bareJid(jid)) return undefined;
  return { kind, jid };
}

/**
 * Who wrote a message, apart from where it was written. In a chat: the bare JID of either party.
 * In a room: the occupant's nickname at the time, the room's stable occupant-id (XEP-0421) when
 * the room advertises it, and the real bare JID when the room shows it. Read-by lists attribute by
 * occupant-id, else real JID; a nickname alone is never enough.
 */
export interface Sender {
  /** Real bare JID, when known (always in a chat). */
  jid?: string;
  /** Nickname in the room. */
  nick?: string;
  /** XEP-0421 occupant-id, only from a room that advertises it. */
  occupantId?: string;
}
