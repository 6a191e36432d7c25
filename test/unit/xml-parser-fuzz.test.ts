import { Parser as LtxParser } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { StreamParser } from '../../src-main/core/xml/stream-parser';
import type { XmlStreamError } from '../../src-main/core/xml/xml-stream-error';
import { fuzzCase, STREAM_HEADER, type FuzzCase } from '../support/xml-fuzz-cases';
import { seededRandom as random } from '../support/seeded-random';

/**
 * StreamParser against @xmpp/xml's parser (over ltx) on generated streams: valid stanzas with
 * random names, namespaces, attributes in both quotes, references, multi-byte text, CDATA and
 * nesting, and hostile input made from them (cut short, mismatched tags, bad entities, nesting
 * past the limit, restricted XML, random junk). Ours is fed random pieces (strings, or UTF-8 bytes
 * cut anywhere); ltx gets the whole input at once, because some splits make ltx itself go wrong (a
 * CDATA end split after "]]"). Seeded and reproducible: a failure names its seed, and
 * `FUZZ_SEED=<n>` runs that case alone; `FUZZ_FROM=<n> FUZZ_CASES=<n>` runs other or more cases.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const FIRST_SEED = Number(process.env.FUZZ_FROM ?? 8_000);
const replay = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface Outcome {
  stanzas: string[];
  error: string | undefined;
  ended: boolean;
}

function ltx(body: string): Outcome {
  const outcome: Outcome = { stanzas: [], error: undefined, ended: false };
  const parser = new LtxParser();
  // @xmpp/xml reports some errors as 'error' and goes on parsing; the first one ends the stream.
  parser.on('element', (element) => void (outcome.error ?? outcome.stanzas.push(element.toString())));
  parser.on('end', () => void (outcome.ended = outcome.error === undefined));
  parser.on('error', (error) => void (outcome.error ??= error.message));
  try {
    parser.write(STREAM_HEADER + body);
  } catch (error) {
    // ltx throws for a bad reference (what the inbound stream guard turns into the parser's error).
    outcome.error ??= (error as Error).message;
  }
  return outcome;
}

function ours(pieces: (string | Uint8Array)[]): Outcome & { condition?: string } {
  const outcome: Outcome & { condition?: string } = { stanzas: [], error: undefined, ended: false };
  const parser = new StreamParser();
  parser.on('element', (element) => void outcome.stanzas.push(element.toString()));
  parser.on('end', () => void (outcome.ended = true));
  parser.on('error', (error) => {
    outcome.error = error.message;
    outcome.condition = (error as XmlStreamError).condition;
  });
  for (const piece of pieces) parser.write(piece);
  return outcome;
}

/** The input in random pieces: of the string, or of its UTF-8 bytes (splitting characters). */
function pieces(seed: number, body: string): (string | Uint8Array)[] {
  const rng = random(seed ^ 0x5eed);
  const whole = STREAM_HEADER + body;
  const bytes = rng() < 0.4;
  const source: string | Uint8Array = bytes ? Buffer.from(whole, 'utf8') : whole;
  const out: (string | Uint8Array)[] = [];
  const most = pickSize(rng);
  for (let at = 0; at < source.length;) {
    const size = 1 + Math.floor(rng() * most);
    out.push(source.slice(at, at + size));
    at += size;
  }
  return out;
}

function pickSize(rng: () => number): number {
  const roll = rng();
  return roll < 0.2 ? 2 : roll < 0.5 ? 16 : roll < 0.8 ? 200 : 5000;
}

/** What is wrong with one case, or undefined. Plain comparisons: 3,000 cases must stay cheap. */
function problem(c: FuzzCase, seed: number): string | undefined {
  const reference = ltx(c.body);
  const split = ours(pieces(seed, c.body));
  const whole = ours([STREAM_HEADER + c.body]);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const differ = (what: string, a: unknown, b: unknown) => `${what}:\n  ours ${JSON.stringify(a)}\n  ltx  ${JSON.stringify(b)}`;
  const prefix = reference.stanzas.slice(0, split.stanzas.length);
  if (!same(split, whole)) return `not the same in pieces as whole: ${JSON.stringify(split)} vs ${JSON.stringify(whole)}`;
  switch (c.kind) {
    case 'valid':
      if (reference.error || split.error) return `rejected: ours ${split.error}, ltx ${reference.error}`;
      if (split.stanzas.length === 0) return 'no stanza';
      if (!same([split.stanzas, split.ended], [reference.stanzas, reference.ended])) return differ('different stanzas', split, reference);
      return;
    case 'truncated':
      if (split.error) return `rejected: ${split.error}`;
      if (!same(split.stanzas, reference.stanzas)) return differ('different stanzas', split, reference);
      return;
    case 'mismatched-tag':
    case 'bad-entity':
      if (!reference.error) return 'ltx accepts it';
      if (split.condition !== 'not-well-formed') return `ours: ${split.condition} ${split.error}`;
      if (!same(split.stanzas, reference.stanzas)) return differ('different stanzas before the error', split, reference);
      return;
    case 'too-deep':
      if (split.condition !== 'policy-violation' || split.stanzas.length) return `ours: ${JSON.stringify(split)}`;
      return;
    case 'restricted':
      if (split.condition !== 'restricted-xml') return `ours: ${split.condition} ${split.error}`;
      if (!same(split.stanzas, prefix)) return differ('different stanzas before the error', split, reference);
      return;
    case 'garbage':
      // Never a tree ltx does not give; stricter than ltx only by rejecting.
      if (reference.error && !split.error) return differ(`ltx rejects (${reference.error}), ours accepts`, split, reference);
      if (!same(split.stanzas, split.error ? prefix : reference.stanzas)) return differ('different stanzas', split, reference);
      return;
  }
}

describe('StreamParser fuzzed against @xmpp/xml (ltx)', () => {
  it(
    replay === undefined ? `${CASES} generated streams, seeds ${FIRST_SEED}…` : `the stream of seed ${replay}`,
    () => {
      const seeds = replay === undefined ? Array.from({ length: CASES }, (_, i) => FIRST_SEED + i) : [replay];
      const kinds = new Map<string, number>();
      for (const seed of seeds) {
        const c = fuzzCase(seed);
        const wrong = problem(c, seed);
        if (wrong) expect.fail(`FUZZ_SEED=${seed} (${c.kind}) ${JSON.stringify(c.body.slice(0, 400))}\n${wrong.slice(0, 4000)}`);
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      }
      // Every kind of case was generated (the generator still does what it says).
      if (replay === undefined)
        expect([...kinds.keys()].sort()).toStrictEqual(['bad-entity', 'garbage', 'mismatched-tag', 'restricted', 'too-deep', 'truncated', 'valid']);
    },
    30_000,
  );
});
