import { seededRandom as random } from './seeded-random';

/**
 * Generated inbound streams for the parser fuzz test (test/unit/xml-parser-fuzz.test.ts): valid
 * stanzas, and hostile input made from them, each labelled with what a parser must do with it.
 */

export const STREAM_HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='capulet.lit' id='f' version='1.0'>";

export type FuzzKind =
  /** Well-formed: the same stanzas from every parser. */
  | 'valid'
  /** Cut short: the stanzas completed before the cut, and no error. */
  | 'truncated'
  /** Both parsers reject, after the same stanzas. */
  | 'mismatched-tag'
  | 'bad-entity'
  /** Ltx accepts what XMPP forbids; ours rejects with this condition (see docs/architecture.md). */
  | 'too-deep'
  | 'restricted'
  /** Random bytes thrown in: ours never yields a tree ltx does not, and rejects what ltx rejects. */
  | 'garbage';

export interface FuzzCase {
  kind: FuzzKind;
  /** The whole input after the stream header. */
  body: string;
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

const NAME_START = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_中é';
const NAME_REST = `${NAME_START}0123456789-.`;
/** Characters text and values are made of: markup characters, multi-byte, astral, whitespace. */
const TEXT_CHARS = [...'abc xyz 0189 <>&"\'; ]]/=\n\t', 'é', 'ß', '中', '文', '😀', '𝄞', '\u00a0'];

function name(rng: Rng): string {
  let out = pick(rng, [...NAME_START]);
  for (let n = int(rng, 8); n > 0; n--) out += pick(rng, [...NAME_REST]);
  return out;
}

function rawText(rng: Rng, max: number): string {
  let out = '';
  for (let n = int(rng, max); n > 0; n--) out += pick(rng, TEXT_CHARS);
  return out;
}

/** One character as XML may write it: itself where allowed, or a named or numeric reference. */
function escapeChar(rng: Rng, c: string, mustEscape: string): string {
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
  const forced = mustEscape.includes(c);
  const roll = rng();
  if (!forced && roll < 0.9) return c;
  const code = c.codePointAt(0)!;
  if (named[c] && roll < 0.96) return named[c];
  return rng() < 0.5 ? `&#${code};` : `&#x${code.toString(16)};`;
}

function escapeText(rng: Rng, text: string, mustEscape: string): string {
  let out = '';
  for (const c of text) out += escapeChar(rng, c, mustEscape);
  return out;
}

interface Scope {
  prefixes: string[];
}

function element(rng: Rng, depth: number, scope: Scope): string {
  const prefixes = [...scope.prefixes];
  const attrs: string[] = [];
  const used = new Set<string>();
  let tag = name(rng);
  if (rng() < 0.2) {
    const prefix = name(rng).replace(/[^a-z]/gi, '') || 'p';
    attrs.push(`xmlns:${prefix}='urn:${prefix}'`);
    used.add(`xmlns:${prefix}`);
    prefixes.push(prefix);
  }
  if (prefixes.length && rng() < 0.3) tag = `${pick(rng, prefixes)}:${tag}`;
  if (rng() < 0.4) {
    attrs.push(`xmlns="urn:${escapeText(rng, rawText(rng, 6), '&<"')}"`);
    used.add('xmlns');
  }
  for (let n = int(rng, 4); n > 0; n--) {
    const attr = name(rng);
    if (used.has(attr)) continue;
    used.add(attr);
    const quote = rng() < 0.5 ? '"' : "'";
    const eq = pick(rng, ['=', '=', ' = ', '=\n']);
    attrs.push(`${attr}${eq}${quote}${escapeText(rng, rawText(rng, 12), `&<${quote}`)}${quote}`);
  }
  const open = `<${tag}${attrs.map((a) => pick(rng, [' ', ' ', '\n', '  ']) + a).join('')}`;
  if (rng() < 0.25) return `${open}${pick(rng, ['/>', ' />'])}`;
  let inner = '';
  const children = depth < 5 ? int(rng, 3) : 0;
  for (let i = 0; i <= children; i++) {
    if (rng() < 0.6) inner += escapeText(rng, rawText(rng, 16), '&<');
    // Ltx drops the text that follows a CDATA section, so one comes only right before a tag.
    if (rng() < 0.15) inner += `<![CDATA[${rawText(rng, 10).replaceAll(']]>', ']] >')}]]>`;
    if (i < children) inner += element(rng, depth + 1, { prefixes });
  }
  return `${open}>${inner}</${tag}${pick(rng, ['', '', ' '])}>`;
}

function validBody(rng: Rng): string {
  let body = '';
  for (let n = 1 + int(rng, 3); n > 0; n--) body += element(rng, 1, { prefixes: ['stream'] }) + pick(rng, ['', '', ' ', '\n']);
  if (rng() < 0.3) body += '</stream:stream>';
  return body;
}

interface Structure {
  /** Positions in some stanza's text, where a character may go (not right after CDATA, whose following text ltx drops). */
  textAt: number[];
  endTags: { index: number; length: number; name: string }[];
}

/** Where the tags of a generated body are (quotes and CDATA skipped). */
function structure(body: string): Structure {
  const found: Structure = { textAt: [], endTags: [] };
  let depth = 0;
  for (let i = body.indexOf('<'); i !== -1; i = body.indexOf('<', i + 1)) {
    if (body.startsWith('<![CDATA[', i)) {
      i = body.indexOf(']]>', i) + 2;
      continue;
    }
    let j = i + 1;
    for (let quote = ''; j < body.length; j++) {
      const c = body[j]!;
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (body[i + 1] === '/') {
      depth--;
      found.endTags.push({ index: i, length: j + 1 - i, name: body.slice(i + 2, j).trim() });
    } else if (body[j - 1] !== '/') {
      depth++;
    }
    if (depth > 0) found.textAt.push(j + 1);
    i = j;
  }
  return found;
}

export function fuzzCase(seed: number): FuzzCase {
  const rng = random(seed);
  const body = validBody(rng);
  const roll = rng();
  if (roll < 0.45) return { kind: 'valid', body };
  // Cut and garbled by code points: a lone surrogate would not survive the trip through UTF-8.
  const chars = [...body];
  if (roll < 0.55) return { kind: 'truncated', body: chars.slice(0, int(rng, chars.length)).join('') };
  const { textAt, endTags } = structure(body);
  const stanzaEnds = endTags.filter((tag) => tag.name !== 'stream:stream');
  if (roll < 0.65 && stanzaEnds.length) {
    const end = pick(rng, stanzaEnds);
    return { kind: 'mismatched-tag', body: body.slice(0, end.index) + `</${end.name}x>` + body.slice(end.index + end.length) };
  }
  if (roll < 0.75 && textAt.length) {
    const at = pick(rng, textAt);
    const bad = pick(rng, ['&bogus;', '&nbsp;', '&#0;', '&#xD800;', '&#xFFFE;', '&#1114112;', '&#x1;']);
    return { kind: 'bad-entity', body: body.slice(0, at) + bad + body.slice(at) };
  }
  if (roll < 0.8) {
    const depth = 65 + int(rng, 400);
    return { kind: 'too-deep', body: '<a>'.repeat(depth) + 'x' + '</a>'.repeat(rng() < 0.5 ? depth : int(rng, depth)) + body };
  }
  if (roll < 0.85 && textAt.length) {
    const at = pick(rng, textAt);
    const restricted = pick(rng, ['<!-- note -->', '<?pi data?>', '<!DOCTYPE x>']);
    return { kind: 'restricted', body: body.slice(0, at) + restricted + body.slice(at) };
  }
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const at = int(rng, chars.length + 1);
    // Nothing right after a CDATA section either: ltx drops the text that follows one.
    if (chars.slice(Math.max(0, at - 3), at).join('') === ']]>') continue;
    // No ']]>': inside a CDATA section it leaves text after the section, which ltx drops.
    const junk = pick(rng, ['<', '>', '&', ';', '"', "'", '/', '=', '!', '?', ' ', '</', '<!', '&#', 'x']);
    chars.splice(at, rng() < 0.5 ? 0 : 1, junk);
  }
  return { kind: 'garbage', body: chars.join('') };
}
