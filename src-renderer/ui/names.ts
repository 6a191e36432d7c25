import type { Contact, ContactPresence, ConversationRef } from '../../src-shared/contract';

/** The local part of a bare JID ("alice" for "alice@example.org"), or the JID when it has none. */
export function localPart(jid: string): string {
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}

/** The display name of a contact: its roster name, else its local part. */
export function displayName(jid: string, contacts: readonly Contact[]): string {
  const name = contacts.find((c) => c.jid === jid)?.name.trim();
  return name ? name : localPart(jid);
}

/** A lookup of contacts by bare JID, for lists that need many names at once. */
export function contactIndex(contacts: readonly Contact[]): Map<string, Contact> {
  return new Map(contacts.map((c) => [c.jid, c]));
}

/**
 * Name and presence of a conversation from a contact index: a chat's contact, else (a stranger, a
 * room) offline and named by local part.
 */
export function conversationInfo(conversation: ConversationRef, index: Map<string, Contact>): { name: string; presence: ContactPresence } {
  const contact = conversation.kind === 'chat' ? index.get(conversation.jid) : undefined;
  const name = contact?.name.trim();
  return { name: name ? name : localPart(conversation.jid), presence: contact?.presence ?? 'offline' };
}

/** Roster order: available first, then away, busy, offline; by name within each. */
export function sortContacts(contacts: readonly Contact[], locale: string): Contact[] {
  const rank: Record<ContactPresence, number> = { available: 0, away: 1, dnd: 2, offline: 3 };
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...contacts].sort((a, b) => rank[a.presence] - rank[b.presence] || collator.compare(a.name || a.jid, b.name || b.jid));
}
