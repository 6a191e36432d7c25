import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src-shared/contract';
import { chatWith, roomAt } from '../../src-shared/conversation';
import { contactIndex, displayName, localPart, conversationInfo, sortContacts } from '../../src-renderer/ui/names';

const contact = (jid: string, name: string, presence: Contact['presence'] = 'offline'): Contact => ({
  jid,
  name,
  subscription: 'both',
  groups: [],
  pending: false,
  presence,
});

describe('names', () => {
  const contacts = [contact('alice@example.org', 'Alice Liddell', 'away'), contact('bob@example.org', '  ')];

  it('uses the roster name, else the local part', () => {
    expect(displayName('alice@example.org', contacts)).toBe('Alice Liddell');
    expect(displayName('bob@example.org', contacts)).toBe('bob');
    expect(displayName('carol@example.org', contacts)).toBe('carol');
    expect(localPart('example.org')).toBe('example.org');
  });

  it('gives strangers an offline presence', () => {
    const index = contactIndex(contacts);
    expect(conversationInfo(chatWith('alice@example.org'), index)).toEqual({ name: 'Alice Liddell', presence: 'away' });
    expect(conversationInfo(chatWith('carol@example.org'), index)).toEqual({ name: 'carol', presence: 'offline' });
    // a room is never a contact, even at the same address
    expect(conversationInfo(roomAt('alice@example.org'), index)).toEqual({ name: 'alice', presence: 'offline' });
  });

  it('sorts by presence, then name', () => {
    const sorted = sortContacts(
      [contact('z@x', 'zed', 'available'), contact('a@x', 'Amy'), contact('b@x', 'ben', 'available'), contact('d@x', 'Dee', 'dnd')],
      'en',
    );
    expect(sorted.map((c) => c.jid)).toEqual(['b@x', 'z@x', 'd@x', 'a@x']);
  });
});
