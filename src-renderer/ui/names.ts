import type { Contact, ContactPresence, ConversationRef, RoomSummary } from '../../src-shared/contract';

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

/** A lookup of the rooms of the snapshot by bare JID. */
export function roomIndex(rooms: readonly RoomSummary[] | undefined): Map<string, RoomSummary> {
  return new Map((rooms ?? []).map((room) => [room.jid, room]));
}

/**
 * Name and presence of a conversation from a contact index: a chat's contact, a room by its own
 * name, else (a stranger, a room without a name) offline and named by local part.
 */
export function conversationInfo(
  conversation: ConversationRef,
  index: Map<string, Contact>,
  rooms?: Map<string, RoomSummary>,
): { name: string; presence: ContactPresence } {
  const roomName = conversation.kind === 'room' ? rooms?.get(conversation.jid)?.name?.trim() : undefined;
  if (roomName) return { name: roomName, presence: 'offline' };
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
