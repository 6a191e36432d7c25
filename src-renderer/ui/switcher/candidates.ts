import type { Contact, RoomSummary } from '../../../src-shared/contract';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../../src-shared/conversation';
import type { ConversationRow } from '../../history';
import { conversationInfo, contactIndex, roomIndex } from '../names';

/**
 * What the quick switcher (Ctrl+K) offers: every conversation, contact and joined room once, and
 * how well each matches what was typed (test/unit/switcher.test.ts).
 */
export interface Candidate {
  conversation: ConversationRef;
  key: ConversationKey;
  name: string;
  kind: 'room' | 'contact' | 'conversation';
  /** Its place in the conversation list (recent first); contacts without a conversation come after. */
  recency: number;
}

export function switcherCandidates(rows: readonly ConversationRow[], contacts: readonly Contact[], rooms: readonly RoomSummary[] | undefined): Candidate[] {
  const byJid = contactIndex(contacts);
  const roomsByJid = roomIndex(rooms);
  const found = new Map<ConversationKey, Candidate>();
  const add = (conversation: ConversationRef, recency: number) => {
    const key = conversationKey(conversation);
    if (found.has(key)) return;
    const kind = conversation.kind === 'room' ? 'room' : byJid.has(conversation.jid) ? 'contact' : 'conversation';
    found.set(key, { conversation, key, name: conversationInfo(conversation, byJid, roomsByJid).name, kind, recency });
  };
  rows.forEach((row, i) => add(row.conversation, i));
  for (const contact of contacts) add({ kind: 'chat', jid: contact.jid }, rows.length);
  for (const room of rooms ?? []) add({ kind: 'room', jid: room.jid }, rows.length);
  return [...found.values()];
}

/**
 * How well a candidate matches, lower is better, undefined for no match: the name starts with the
 * query, a word of the name does, the address does, the name contains it, the address does.
 */
export function matchRank(candidate: Candidate, query: string): number | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const name = candidate.name.toLowerCase();
  const jid = candidate.conversation.jid;
  if (name.startsWith(q)) return 0;
  if (name.split(/[\s._-]+/).some((word) => word.startsWith(q))) return 1;
  if (jid.startsWith(q)) return 2;
  if (name.includes(q)) return 3;
  if (jid.includes(q)) return 4;
  return undefined;
}

/** The candidates that match, best first; equally good ones by recency, then by name. */
export function rankCandidates(candidates: readonly Candidate[], query: string, locale: string, limit = 50): Candidate[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return candidates
    .flatMap((candidate) => {
      const rank = matchRank(candidate, query);
      return rank === undefined ? [] : [{ candidate, rank }];
    })
    .sort((a, b) => a.rank - b.rank || a.candidate.recency - b.candidate.recency || collator.compare(a.candidate.name, b.candidate.name))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
