import { sha1 } from './sha1';

/**
 * XEP-0392 §5.1: the hue angle of an address is the first two bytes of its SHA-1 read as a
 * little-endian number, over 65536, times 360°. The XEP then converts with HSLuv (S 100, L 50); we
 * use plain HSL at a saturation and lightness that keep white initials readable (contrast ≥ 4.5 on
 * every hue), so the hue, which is what makes an address recognisable across clients, is the XEP's.
 * Guarded by test/unit/avatar-helpers.test.ts.
 */
export function hueOf(address: string): number {
  const digest = sha1(address);
  return (((digest[0]! | (digest[1]! << 8)) / 65536) * 360) % 360;
}

/** Colours already worked out: a row re-renders its avatar on every filter keystroke (bench #15b), a SHA-1 each time. */
const colors = new Map<string, string>();
/** Enough for a roster of thousands; past it the cache starts again rather than grow. */
const MAX_COLORS = 20_000;

export function consistentColor(address: string): string {
  let color = colors.get(address);
  if (color === undefined) {
    if (colors.size >= MAX_COLORS) colors.clear();
    color = `hsl(${hueOf(address).toFixed(1)} 70% 32%)`;
    colors.set(address, color);
  }
  return color;
}

/** One or two letters for a picture-less avatar: the first letters of the first two words (one character for CJK). */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._@-]+/u)
    .filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  if (/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u.test(first)) return first;
  const second = words.length > 1 ? ([...words[1]!][0] ?? '') : '';
  return (first + second).toLocaleUpperCase();
}
