import { describe, expect, it } from 'vitest';
import type { Contact, RoomSummary } from '../../src-shared/contract';
import { chatWith, roomAt } from '../../src-shared/conversation';
import type { ConversationRow } from '../../src-renderer/history';
import { rankCandidates, switcherCandidates } from '../../src-renderer/ui/switcher/candidates';
import { snippet } from '../../src-renderer/ui/search/snippet';

const contact = (jid: string, name: string): Contact => ({ jid, name, subscription: 'both', pending: false, presence: 'offline', groups: [] });
const row = (conversation: ConversationRow['conversation']): ConversationRow => ({
  conversation,
  lastTimestamp: 0,
  lastPreview: '',
  lastDirection: 'in',
  unread: 0,
  mentions: 0,
});

describe('the quick switcher', () => {
  const contacts = [
    contact('alice@example.org', 'Alice Liddell'),
    contact('malice@example.org', 'Mal'),
    contact('bob@example.org', 'Bob'),
    contact('zoe@example.org', 'Zoë Alison'),
  ];
  const rooms = [{ jid: 'team@muc.example.org', name: 'Team Alpha' } as RoomSummary];
  // Bob and a stranger have conversations; Bob's is the most recent.
  const rows = [row(chatWith('bob@example.org')), row(chatWith('stranger@elsewhere.net')), row(roomAt('team@muc.example.org'))];
  const all = switcherCandidates(rows, contacts, rooms);
  const names = (query: string) => rankCandidates(all, query, 'en').map((c) => c.name);

  it('offers every conversation, contact and room once, recent conversations first', () => {
    expect(names('')).toEqual(['Bob', 'stranger', 'Team Alpha', 'Alice Liddell', 'Mal', 'Zoë Alison']);
    expect(all.find((c) => c.name === 'Team Alpha')?.kind).toBe('room');
    expect(all.find((c) => c.name === 'stranger')?.kind).toBe('conversation');
  });

  it('ranks a name that starts with the query first, then a word of it, then the address, then anywhere', () => {
    expect(names('ali')).toEqual(['Alice Liddell', 'Zoë Alison', 'Mal']);
    expect(names('AL')).toEqual(['Alice Liddell', 'Team Alpha', 'Zoë Alison', 'Mal']);
    expect(names('elsewhere')).toEqual(['stranger']);
    expect(names('muc.example')).toEqual(['Team Alpha']);
    expect(names('nobody')).toEqual([]);
  });
});

describe('result snippets', () => {
  it('keeps a short text whole and cuts a long one around its first match', () => {
    expect(snippet('short text', [[6, 10]])).toEqual({ text: 'short text', ranges: [[6, 10]] });
    const text = `${'x'.repeat(300)} needle ${'y'.repeat(300)}`;
    const cut = snippet(text, [[301, 307]]);
    expect(cut.text.startsWith('…')).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(cut.ranges.map(([a, b]) => cut.text.slice(a, b))).toEqual(['needle']);
  });
});
