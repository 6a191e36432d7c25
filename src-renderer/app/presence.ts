import type { Contact, EphemeralEvent, Snapshot } from '../../src-shared/contract';

/**
 * The snapshot with the ephemeral events applied: each presence change replaces that contact's
 * presence and status text (none when the event carries none). A JID not in the roster changes
 * nothing: roster changes come by snapshot.
 */
export function withEphemeral(snapshot: Snapshot, events: readonly EphemeralEvent[]): Snapshot {
  const latest = new Map<string, Extract<EphemeralEvent, { kind: 'presence' }>>();
  for (const event of events) if (event.kind === 'presence') latest.set(event.jid, event);
  if (!snapshot.contacts.some((contact) => latest.has(contact.jid))) return snapshot;
  const contacts = snapshot.contacts.map((contact): Contact => {
    const change = latest.get(contact.jid);
    if (!change) return contact;
    const { status: _old, ...rest } = contact;
    return { ...rest, presence: change.presence, ...(change.status !== undefined ? { status: change.status } : {}) };
  });
  return { ...snapshot, contacts };
}
