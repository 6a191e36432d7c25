import type { ConversationKey, ConversationRef, Sender } from '../../src-shared/conversation';
import { bareJid } from '../../src-shared/jid';

/**
 * Dedupe keys: "stanza-id by the archive that assigned it, else origin-id/id + sender" (docs/architecture.md,
 * History). Stanza-ids are unique only within one archive (XEP-0359), so every stanza-id here is
 * scoped by its `by`.
 */

/** 53-bit string hash (cyrb53), as base-36; for messages that carry no id at all. */
export function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The archive whose stanza-ids a conversation's read points and message references use: our own
 * account's for a chat, the room's for a room (XEP-0490, XEP-0313).
 */
export function archiveOf(conversation: ConversationRef, account: string): string {
  return conversation.kind === 'room' ? conversation.jid : account;
}

/** archiveOf for a stored row's conversation key. */
export function archiveOfKey(conversation: ConversationKey, account: string): string {
  return conversation.startsWith('room:') ? conversation.slice('room:'.length) : account;
}

/** The value of the stanza-id index: the archive, a space (never in a bare JID), the id. */
export function stanzaKey(by: string, stanzaId: string): string {
  return `${by} ${stanzaId}`;
}

/**
 * The sender half of the [senderKey+clientId] dedupe index: the real bare JID when known (always
 * in a chat), else the room's occupant-id, else the full occupant JID (room/nick) as it arrived.
 */
export function senderKey(sender: Sender | undefined, from: string, conversation: ConversationRef): string {
  if (sender?.jid) return bareJid(sender.jid);
  if (sender?.occupantId) return `occupant:${sender.occupantId}`;
  return conversation.kind === 'room' ? from : bareJid(from);
}

export interface KeyParts {
  conversation: ConversationKey;
  senderKey: string;
  stanzaId?: string;
  /** The archive that assigned `stanzaId`. */
  stanzaIdBy?: string;
  /** origin-id, else message@id. */
  clientId?: string;
  timestamp: number;
  body: string;
}

/**
 * The primary key a new row gets. A row keeps its first key for life: when our own message
 * (keyed by origin-id) later comes back from the archive with a stanza-id, the archive copy is
 * found through the indexes and merged into the existing row. Stanza-ids from our own account's
 * archive keep the short form every earlier version used (`s:id`), so an archive replay of an
 * older row finds it by key; another archive's are spelt with it (`a:by id`).
 */
export function messageKey(m: KeyParts, account: string): string {
  if (m.stanzaId) return !m.stanzaIdBy || m.stanzaIdBy === account ? `s:${m.stanzaId}` : `a:${stanzaKey(m.stanzaIdBy, m.stanzaId)}`;
  if (m.clientId) return `c:${m.conversation}:${m.senderKey}:${m.clientId}`;
  return `h:${m.conversation}:${hash53(`${m.senderKey}\n${m.timestamp}\n${m.body}`)}`;
}

/** Map key for the [senderKey+clientId] index. */
export function clientKey(sender: string, clientId: string): string {
  return `${sender}\u0000${clientId}`;
}
