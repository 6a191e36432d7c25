import { describe, expect, it } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import { archivedCount, isArchived, organiseList } from '../../src-renderer/app/organise';
import { filterable, filterContacts, matchContacts, rosterGroups, type ContactMatches } from '../../src-renderer/app/contact-filter';
import type { Contact } from '../../src-shared/contract';
import type { ConversationRow } from '../../src-renderer/history';

const row = (jid: string, lastTimestamp: number, extra: Partial<ConversationRow> = {}): ConversationRow => ({
  conversation: chatWith(jid),
  lastTimestamp,
  lastPreview: 'hi',
  lastDirection: 'in',
  unread: 0,
  mentions: 0,
  ...extra,
});
const entry = (name: string, r: ConversationRow) => ({ name, row: r });
const names = (entries: { name: string }[]) => entries.map((e) => e.name);

describe('organising the conversation list', () => {
  // Newest activity first, as history.conversations() gives them.
  const list = [
    entry('Zoe', row('zoe@example.org', 900)),
    entry('Bob', row('bob@example.org', 800, { pinnedAt: 50 })),
    entry('Ann', row('ann@example.org', 700, { archivedAt: 750 })),
    entry('Cai 蔡', row('cai@example.cn', 600, { pinnedAt: 10 })),
    entry('Dan', row('dan@example.org', 500, { archivedAt: 400 })),
  ];

  it('is archived while nothing newer than the archiving arrived', () => {
    expect(isArchived(list[2]!.row)).toBe(true);
    expect(isArchived(list[4]!.row)).toBe(false);
    expect(archivedCount(list.map((e) => e.row))).toBe(1);
  });

  it.each([
    [{ archived: false, filter: '' }, ['Cai 蔡', 'Bob', 'Zoe', 'Dan']],
    [{ archived: true, filter: '' }, ['Ann']],
    [{ archived: false, filter: 'o' }, ['Bob', 'Zoe', 'Dan']],
    [{ archived: false, filter: '蔡' }, ['Cai 蔡']],
    [{ archived: false, filter: ' ZOE ' }, ['Zoe']],
    [{ archived: false, filter: 'example.cn' }, ['Cai 蔡']],
    [{ archived: true, filter: 'bob' }, []],
  ])('%j shows %j', (options, expected) => {
    expect(names(organiseList(list, options))).toEqual(expected);
  });
});

describe('filtering contacts', () => {
  const contact = (jid: string, name: string, groups: string[]): Contact => ({
    jid,
    name,
    subscription: 'both',
    pending: false,
    presence: 'offline',
    groups,
  });
  const entries = filterable(
    [contact('ann@example.org', 'Ann', ['Work']), contact('bo@example.org', '博', ['Family', 'Work']), contact('cy@example.net', 'Cy', [])],
    (c) => c.name,
  );
  const jids = (list: { contact: Contact }[]) => list.map((e) => e.contact.jid);

  it.each([
    ['', undefined, ['ann@example.org', 'bo@example.org', 'cy@example.net']],
    ['', 'Work', ['ann@example.org', 'bo@example.org']],
    ['博', undefined, ['bo@example.org']],
    ['EXAMPLE.NET', undefined, ['cy@example.net']],
    ['an', 'Family', []],
  ])('%j in group %j keeps %j', (filter, group, expected) => {
    expect(jids(filterContacts(entries, filter, group))).toEqual(expected);
  });

  it('narrows the last matches as a query is typed, erased and changed, always keeping what a fresh filter keeps', () => {
    const roster = filterable(
      Array.from({ length: 300 }, (_, i) => contact(`contact${String(i).padStart(4, '0')}@localhost`, `Contact ${i}`, [`Group ${i % 3}`])),
      (c) => c.name,
    );
    const typed = 'contact 4 2';
    const steps: [string, string | undefined][] = [];
    for (let i = 0; i <= typed.length; i++) steps.push([typed.slice(0, i), undefined]);
    for (let i = typed.length - 1; i >= 0; i--) steps.push([typed.slice(0, i), i % 4 === 0 ? 'Group 1' : undefined]);
    steps.push(['CONTACT1', undefined], ['contact12', undefined], ['t1', 'Group 2'], ['@localhost', 'Group 2'], ['4@', undefined]);
    let last: ContactMatches | undefined;
    for (const [filter, group] of steps) {
      last = matchContacts(roster, filter, group, last);
      expect(jids(last.matches), `${JSON.stringify(filter)} in ${group ?? 'every group'}`).toEqual(jids(filterContacts(roster, filter, group)));
    }
    expect(jids(matchContacts(roster, 'contact 4', undefined).matches)).toHaveLength(1 + 10);
  });

  it('answers the same query with the same matches, and searches a new roster afresh', () => {
    const first = matchContacts(entries, 'an', undefined);
    expect(matchContacts(entries, ' an ', undefined, first)).toBe(first);
    expect(matchContacts(entries, 'ann', undefined, first).matches).toBe(first.matches);
    const changed = filterable([...entries.map((e) => e.contact), contact('dan@example.org', 'Dan', [])], (c) => c.name);
    expect(jids(matchContacts(changed, 'ann', undefined, first).matches)).toEqual(['ann@example.org']);
    expect(jids(matchContacts(changed, 'an', undefined, first).matches)).toEqual(['ann@example.org', 'dan@example.org']);
  });

  it('lists each roster group once, in order', () => {
    expect(
      rosterGroups(
        entries.map((e) => e.contact),
        'en',
      ),
    ).toEqual(['Family', 'Work']);
  });
});
