/**
 * The element and attribute names nearly every stanza carries, each as one constant string. A name
 * sliced from a read is a new string every time: storing an attribute under it first looks it up
 * among V8's internalized strings (hashing it), and every comparison with a codec's constant
 * compares it character by character; the constant from here is that internalized string itself.
 * Any other name is sliced as before (test/unit/xml-parser.test.ts: "known names").
 */
const KNOWN_NAMES = [
  // Attributes.
  'from',
  'to',
  'id',
  'type',
  'xmlns',
  'xml:lang',
  'by',
  'stamp',
  'jid',
  'node',
  'name',
  'subscription',
  'ver',
  'for',
  // Elements.
  'message',
  'presence',
  'iq',
  'body',
  'subject',
  'thread',
  'origin-id',
  'stanza-id',
  'markable',
  'request',
  'received',
  'displayed',
  'acknowledged',
  'active',
  'composing',
  'paused',
  'inactive',
  'gone',
  'store',
  'no-store',
  'sent',
  'forwarded',
  'delay',
  'result',
  'fin',
  'event',
  'items',
  'item',
  'x',
  'status',
  'show',
  'priority',
  'c',
  'query',
  'replace',
  'reply',
  'fallback',
  'reactions',
  'reaction',
  'retract',
  'error',
  'r',
  'a',
] as const;

const SLOTS = 256;

/** Candidates by a hash of length, first and last character (a slot rarely holds two). */
const TABLE: string[][] = Array.from({ length: SLOTS }, () => []);
for (const name of KNOWN_NAMES) TABLE[slot(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1))]!.push(name);

function slot(length: number, first: number, last: number): number {
  return (length * 31 + first * 7 + last) & (SLOTS - 1);
}

/** `text.slice(from, to)`, as the one constant string when it is a known name. */
export function nameAt(text: string, from: number, to: number): string {
  const length = to - from;
  const candidates = TABLE[slot(length, text.charCodeAt(from), text.charCodeAt(to - 1))]!;
  for (let i = 0; i < candidates.length; i++) {
    const name = candidates[i]!;
    if (name.length === length && sameAt(text, from, name)) return name;
  }
  return text.slice(from, to);
}

/** Whether `name` is in `text` at `from` (a loop the compiler inlines, where `startsWith` is a call). */
function sameAt(text: string, from: number, name: string): boolean {
  for (let j = 1; j < name.length - 1; j++) if (text.charCodeAt(from + j) !== name.charCodeAt(j)) return false;
  // The slot already matched the first and last characters, but not necessarily these ones.
  return text.charCodeAt(from) === name.charCodeAt(0) && text.charCodeAt(from + name.length - 1) === name.charCodeAt(name.length - 1);
}
