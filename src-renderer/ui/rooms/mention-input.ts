import type { MentionRequest } from '../../../src-shared/contract';

/**
 * The pure parts of mentioning in a room's composer: what is being typed after `@`, which
 * nicknames it offers, what choosing one does to the text, and the XEP-0372 ranges of the
 * mentions a message carries (offsets in Unicode code points). Guarded by
 * test/unit/mention-input.test.ts.
 */

/** Most nicknames offered at once. */
export const MAX_SUGGESTIONS = 8;

/** A letter, digit or underscore: what a nickname may not touch to count as a whole word. */
const WORD = /[\p{L}\p{N}_]/u;

/** The `@word` being typed just before the caret: where its `@` is, and the text after it. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return undefined;
  const query = before.slice(at + 1);
  if (/\s/u.test(query)) return undefined;
  // An address (alice@example.org) is not a mention: the `@` must start a word.
  if (at > 0 && WORD.test(before[at - 1]!)) return undefined;
  return { start: at, query };
}

/** Nicknames that begin with the query first, then those that contain it, each alphabetically; ours left out. */
export function suggestNicks(nicks: readonly string[], query: string, own: string, locale: string): string[] {
  const needle = query.toLocaleLowerCase(locale);
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const starts: string[] = [];
  const contains: string[] = [];
  for (const nick of nicks) {
    if (nick === own) continue;
    const lower = nick.toLocaleLowerCase(locale);
    if (lower.startsWith(needle)) starts.push(nick);
    else if (needle && lower.includes(needle)) contains.push(nick);
  }
  return [...starts.sort(collator.compare), ...contains.sort(collator.compare)].slice(0, MAX_SUGGESTIONS);
}

/** The text with `@query` at `start` replaced by the nickname and a space, and where the caret goes. */
export function completeMention(text: string, start: number, caret: number, nick: string): { text: string; caret: number } {
  const inserted = `${nick} `;
  const rest = text.slice(caret).replace(/^ /u, '');
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}

/**
 * The mentions a body carries: every whole-word occurrence of a chosen nickname, in code points.
 * A nickname chosen and then deleted from the text mentions no one; one inside a longer
 * nickname ("Ann" in "Anna") counts only for the longer one.
 */
export function mentionsIn(body: string, chosen: Iterable<string>): MentionRequest[] {
  const nicks = [...new Set(chosen)].filter((nick) => nick !== '').sort((a, b) => b.length - a.length);
  const taken: [number, number][] = [];
  const found: { from: number; to: number; nick: string }[] = [];
  for (const nick of nicks) {
    for (let from = body.indexOf(nick); from >= 0; from = body.indexOf(nick, from + 1)) {
      const to = from + nick.length;
      if ((from > 0 && WORD.test(body[from - 1]!)) || (to < body.length && WORD.test(body[to]!))) continue;
      if (taken.some(([a, b]) => from < b && to > a)) continue;
      taken.push([from, to]);
      found.push({ from, to, nick });
    }
  }
  return found
    .sort((a, b) => a.from - b.from)
    .map(({ from, nick }) => {
      const begin = codePoints(body.slice(0, from));
      return { begin, end: begin + codePoints(nick), nick };
    });
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
