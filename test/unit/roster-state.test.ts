import { describe, expect, it } from 'vitest';
import { RosterState } from '../../src-main/core/roster-state';

describe('roster state', () => {
  it('names a contact by the roster name, else the local part, and a stranger not at all', () => {
    const roster = new RosterState();
    roster.replace([
      { jid: 'romeo@montague.lit', name: 'Romeo', subscription: 'both', pending: false, groups: [] },
      { jid: 'nurse@capulet.lit', subscription: 'to', pending: false, groups: [] },
    ]);
    expect(roster.nameOf('romeo@montague.lit')).toBe('Romeo');
    expect(roster.nameOf('nurse@capulet.lit')).toBe('nurse');
    expect(roster.nameOf('tybalt@capulet.lit')).toBeUndefined();
    expect(roster.contacts().map((contact) => contact.name)).toEqual(['Romeo', 'nurse']);
    roster.apply([{ jid: 'romeo@montague.lit', removed: true }]);
    expect(roster.nameOf('romeo@montague.lit')).toBeUndefined();
  });
});
