import type { Contact } from '../../src-shared/contract';
import { foldForFilter, matchesFilter } from './organise';

/** A contact with what the filter compares, folded once per snapshot rather than per keystroke. */
export interface FilterableContact {
  contact: Contact;
  name: string;
  folded: { name: string; jid: string };
}

export function filterable(contacts: readonly Contact[], nameOf: (contact: Contact) => string): FilterableContact[] {
  return contacts.map((contact) => {
    const name = nameOf(contact);
    return { contact, name, folded: { name: foldForFilter(name), jid: contact.jid } };
  });
}

/**
 * The contacts a filter box and a roster group keep (`group` undefined: every group), in the
 * given order. One pass of substring tests, no allocation per contact. Guarded by
 * test/unit/organise.test.ts.
 */
export function filterContacts(entries: readonly FilterableContact[], filter: string, group: string | undefined): FilterableContact[] {
  return keep(entries, foldForFilter(filter.trim()), group);
}

/** The filter's last answer: what it searched, for which query and group, and what it kept. */
export interface ContactMatches {
  from: readonly FilterableContact[];
  query: string;
  group: string | undefined;
  matches: FilterableContact[];
}

/**
 * `filterContacts` for a filter box typed into one keystroke at a time (bench #15b): the same
 * query (a trailing space) returns `last` itself, so nothing downstream updates; a query that
 * contains the last one searches only the last matches (whatever contains the longer query
 * contains the shorter one), in the same order, and when it keeps them all, returns the same
 * array. Equal to a fresh `filterContacts`; guarded by test/unit/organise.test.ts.
 */
export function matchContacts(entries: readonly FilterableContact[], filter: string, group: string | undefined, last?: ContactMatches): ContactMatches {
  const query = foldForFilter(filter.trim());
  const same = last !== undefined && last.from === entries && last.group === group;
  if (same && last.query === query) return last;
  const narrowing = same && query.includes(last.query);
  const kept = keep(narrowing ? last.matches : entries, query, group);
  // Narrowing that keeps every last match keeps the same list: hand back the same array.
  return { from: entries, query, group, matches: narrowing && kept.length === last.matches.length ? last.matches : kept };
}

function keep(entries: readonly FilterableContact[], query: string, group: string | undefined): FilterableContact[] {
  if (query === '' && group === undefined) return entries as FilterableContact[];
  return entries.filter((entry) => (group === undefined || entry.contact.groups.includes(group)) && matchesFilter(entry.folded, query));
}

/** Every roster group, each once, in the locale's order. */
export function rosterGroups(contacts: readonly Contact[], locale: string): string[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...new Set(contacts.flatMap((contact) => contact.groups))].sort(collator.compare);
}
