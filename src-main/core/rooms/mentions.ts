/**
 * Whether a room message names our nickname: as a whole word, in any case, also next to
 * punctuation ("alice:", "@alice,", "(Alice)"), never inside another word ("malice"). A XEP-0372
 * reference to us counts too (protocol/reference-codec.ts).
 * Guarded by test/unit/muc-codec.test.ts ("mentions").
 */
export function mentionsNick(body: string, nick: string): boolean {
  const name = nick.trim();
  if (!name) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu').test(body);
}
