import { describe, expect, it } from 'vitest';
import type { Contact, Snapshot } from '../../src-shared/contract';
import { withEphemeral } from '../../src-renderer/app/presence';
import { sortContacts } from '../../src-renderer/ui/names';

const contact = (jid: string, name: string, presence: Contact['presence'], status?: string): Contact => ({
  jid,
  name,
  subscription: 'both',
  groups: [],
  pending: false,
  presence,
  ...(status ? { status } : {}),
});

const snapshot = (contacts: Contact[]): Snapshot => ({
  connection: { status: 'online', jid: 'me@example.org', session: 1 },
  account: 'me@example.org',
  ownPresence: 'available',
  contacts,
  requests: [],
  blocked: [],
  systemLocale: 'en-US',
  preferences: { sendReadMarkers: true, notificationPrivacy: 'sender-and-text', mutes: {} },
  upload: null,
});

/** What the contact list shows: names in its order, with presence and status text. */
const shown = (s: Snapshot) => sortContacts(s.contacts, 'en').map((c) => `${c.name} ${c.presence}${c.status ? ` (${c.status})` : ''}`);

describe('presence from ephemeral events', () => {
  const before = snapshot([contact('alice@example.org', 'Alice', 'available', 'Reading'), contact('bob@example.org', 'Bob', 'offline')]);

  it('changes what the contact list shows at once, without a new snapshot', () => {
    const after = withEphemeral(before, [
      { kind: 'presence', jid: 'bob@example.org', presence: 'away' },
      { kind: 'presence', jid: 'bob@example.org', presence: 'available', status: 'Back' },
      { kind: 'presence', jid: 'alice@example.org', presence: 'dnd' },
    ]);
    expect(shown(before)).toEqual(['Alice available (Reading)', 'Bob offline']);
    expect(shown(after)).toEqual(['Bob available (Back)', 'Alice dnd']);
    expect(after.connection).toBe(before.connection);
  });

  it('leaves the snapshot alone for someone not in the roster', () => {
    expect(withEphemeral(before, [{ kind: 'presence', jid: 'carol@example.org', presence: 'available' }])).toBe(before);
  });
});
