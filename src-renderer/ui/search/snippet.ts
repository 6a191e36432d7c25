/**
 * A long message shown as a result is cut to the part around its first match, so the match is
 * always visible (test/unit/search-terms.test.ts).
 */
export const SNIPPET_LENGTH = 160;
const BEFORE = 40;

export function snippet(text: string, ranges: readonly [number, number][], length = SNIPPET_LENGTH): { text: string; ranges: [number, number][] } {
  if (text.length <= length) return { text, ranges: ranges.map(([a, b]) => [a, b]) };
  const first = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - BEFORE, text.length - length));
  const end = start + length;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const inside = ranges.filter(([a, b]) => b > start && a < end).map(([a, b]): [number, number] => [Math.max(a, start) + shift, Math.min(b, end) + shift]);
  return { text: prefix + text.slice(start, end) + suffix, ranges: inside };
}
