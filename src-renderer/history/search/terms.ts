/**
 * How message text becomes search terms, and how a query is matched and highlighted: pure
 * functions (test/unit/search-terms.test.ts).
 *
 * Words (letters and digits outside Chinese and Japanese script) are indexed by every prefix of
 * 2 to PREFIX_TERM characters, so "hel" finds "hello" with one exact index lookup. Chinese has no
 * spaces: a run of Han, Hiragana or Katakana characters is indexed as overlapping bigrams, so any
 * two or more consecutive characters are found. Text is compared after NFKC and lower case.
 */

/** The longest prefix indexed; a longer query word is looked up by this prefix, then checked on the text. */
export const PREFIX_TERM = 8;
/** The shortest query part that searches (shorter ones are ignored). */
export const MIN_QUERY = 2;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A run of CJK characters, or a word of other letters and digits (a CJK character ends it: "用Glance聊天"). */
const SEGMENT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Segment {
  text: string;
  cjk: boolean;
}

function segments(text: string): Segment[] {
  const found: Segment[] = [];
  for (const match of normalize(text).matchAll(SEGMENT)) {
    const part = match[0];
    found.push({ text: part, cjk: CJK.test(part[0]!) });
  }
  return found;
}

/** Text of ASCII characters only: NFKC leaves it as it is, and its words are ASCII_WORD runs. */
const ASCII = /^[\0-\x7f]*$/;
/** In ASCII text (lower case), exactly what SEGMENT finds: letters and digits. */
const ASCII_WORD = /[a-z0-9]+/g;

/** The distinct index terms of a text. */
export function indexTerms(text: string): string[] {
  const terms = new Set<string>();
  // Most messages are ASCII: the same terms without NFKC, unicode property classes or code point spreads (bench row 14b).
  if (ASCII.test(text)) {
    for (const [word] of text.toLowerCase().matchAll(ASCII_WORD)) {
      const longest = Math.min(word.length, PREFIX_TERM);
      for (let n = MIN_QUERY; n <= longest; n++) terms.add(word.slice(0, n));
    }
    return [...terms];
  }
  for (const { text: part, cjk } of segments(text)) {
    const chars = [...part];
    if (cjk) {
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
    } else {
      const longest = Math.min(chars.length, PREFIX_TERM);
      for (let n = MIN_QUERY; n <= longest; n++) terms.add(chars.slice(0, n).join(''));
    }
  }
  return [...terms];
}

/** One part of a query: a word prefix, or a CJK run found as a substring. */
export interface QueryPart {
  text: string;
  cjk: boolean;
  /** The index term that finds every message it matches. */
  term: string;
}

/** The searching parts of a query (parts shorter than MIN_QUERY characters are left out). */
export function queryParts(query: string): QueryPart[] {
  const parts: QueryPart[] = [];
  for (const { text, cjk } of segments(query)) {
    const chars = [...text];
    if (chars.length < MIN_QUERY) continue;
    const term = cjk ? chars.slice(0, 2).join('') : chars.slice(0, PREFIX_TERM).join('');
    if (!parts.some((part) => part.text === text)) parts.push({ text, cjk, term });
  }
  return parts;
}

/**
 * The part whose term to walk: the longest word prefix (fewest messages share it), else a CJK
 * bigram; the others are checked on each candidate's text.
 */
export function drivingPart(parts: readonly QueryPart[]): QueryPart | undefined {
  return [...parts].sort((a, b) => [...b.term].length - [...a.term].length || Number(a.cjk) - Number(b.cjk))[0];
}

/** Whether the text matches every part: each word part starts a word, each CJK part occurs. */
export function matchesAll(text: string, parts: readonly QueryPart[]): boolean {
  if (parts.length === 0) return false;
  const found = segments(text);
  const whole = normalize(text);
  return parts.every((part) => (part.cjk ? whole.includes(part.text) : found.some((segment) => !segment.cjk && segment.text.startsWith(part.text))));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the parts occur in the text as it is shown, as sorted, merged [start, end) ranges in
 * UTF-16 units: a word part at the start of a word, a CJK part anywhere, case-insensitively.
 */
export function matchRanges(text: string, parts: readonly QueryPart[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of parts) {
    // A word part starts a word: no letter or digit other than a CJK character just before it.
    const source = part.cjk ? escape(part.text) : `(?<!(?!${CJK.source})[\\p{L}\\p{N}\\p{M}])${escape(part.text)}`;
    for (const match of text.matchAll(new RegExp(source, 'giu'))) ranges.push([match.index, match.index + match[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The text cut into plain and marked pieces for display. */
export function highlightPieces(text: string, ranges: readonly [number, number][]): { text: string; mark: boolean }[] {
  const pieces: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) pieces.push({ text: text.slice(at, start), mark: false });
    pieces.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), mark: false });
  return pieces;
}
