import { Parser, type Element } from '@xmpp/xml';
import type { NumberedHistoryEvent } from '../../src-shared/contract';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { composeCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';
import { createCoreContext } from '../../src-main/core/modules/context';
import { routeStanza } from '../../src-main/core/modules/routing';
import type { BenchContext } from '../lib/context';
import { measured, type MetricResult } from '../lib/report';
import { median, now } from '../lib/stats';
import { profileNode } from '../lib/profile';
import { StreamParser } from '../../src-main/core/xml/stream-parser';

const OWN = 'me@localhost';
const OWN_FULL = `${OWN}/glance-bench`;
/** About what one TCP read brings on a busy stream. */
const READ_SIZE = 16 * 1024;

/**
 * #8: stanzas per second through the core's parse and routing, no network: pre-serialized
 * stanzas as Prosody sends them are written into the core's StreamParser (the one every
 * Connection's @xmpp/client parses with) in socket-sized reads, one read per turn of the event
 * loop, and each parsed stanza goes through the core's routing table to its modules and their
 * RendererFeed (as GlanceCore wires them; the 40 friends are contacts who may see our presence, so
 * receipts are owed). Done when the feed has emitted every message to the (counting,
 * acknowledging) renderer side.
 *
 * #8a: the same, divided by the throughput of @xmpp/xml's own parser (over ltx, what @xmpp/client
 * parses with by default) parsing alone over the same reads, measured in pairs in the same run so
 * the machine's load cancels out.
 */
export async function parseRouting(ctx: BenchContext): Promise<MetricResult[]> {
  const total = ctx.quick ? 10_000 : 100_000;
  const runs = ctx.quick ? 2 : 5;
  const { xmlText, chats } = traffic(total);
  const chunks: string[] = [];
  for (let at = 0; at < xmlText.length; at += READ_SIZE) chunks.push(xmlText.slice(at, at + READ_SIZE));
  ctx.log(`#8 parse+route: ${total} stanzas (${(xmlText.length / 1e6).toFixed(1)} MB) × ${runs} runs`);

  /** One parser alone over the same reads: stanzas per second. */
  const parseOnly = async (parser: StanzaParser) => {
    let elements = 0;
    parser.on('element', () => void (elements += 1));
    const started = now();
    parser.write(HEADER);
    for (const chunk of chunks) {
      parser.write(chunk);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (elements !== total) throw new Error(`parsed ${elements} of ${total}`);
    return total / ((now() - started) / 1000);
  };

  const once = async () => {
    let emitted = 0;
    let receipts = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const ctx = createCoreContext(
      {
        accounts: memoryAccountStore(),
        preferences: memoryPreferencesStore(),
        log: silentLogger,
        systemLocale: () => 'en',
        openExternal: async () => undefined,
      },
      (name, payload) => {
        if (name !== 'history') return;
        const batch = payload as NumberedHistoryEvent[];
        emitted += batch.filter((e) => e.kind === 'message').length;
        ctx.feed.acknowledge(batch.at(-1)!.seq);
        if (emitted >= chats) done();
      },
    );
    ctx.roster.replace(Array.from({ length: 40 }, (_, i) => ({ jid: `friend${i}@localhost`, subscription: 'both' as const, pending: false, groups: [] })));
    const { table } = composeCore(ctx);
    const link = { bare: OWN, send: async () => void (receipts += 1) };
    const parser = new StreamParser();
    let errors = 0;
    parser.on('element', (element: Element) => routeStanza(table, element, link, silentLogger));
    parser.on('error', () => (errors += 1));
    const started = now();
    parser.write(HEADER);
    for (const chunk of chunks) {
      parser.write(chunk);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await finished;
    const seconds = (now() - started) / 1000;
    if (errors) throw new Error(`parser reported ${errors} errors`);
    return { rate: total / seconds, receipts };
  };

  // Warm-up (JIT) of all three.
  await once();
  await parseOnly(new Parser());
  await parseOnly(new StreamParser());
  const rates: number[] = [];
  const ltxRates: number[] = [];
  const ownRates: number[] = [];
  const ratios: number[] = [];
  let receipts = 0;
  for (let i = 0; i < runs; i++) {
    const ltx = await parseOnly(new Parser());
    const r = await once();
    ownRates.push(await parseOnly(new StreamParser()));
    ltxRates.push(ltx);
    rates.push(r.rate);
    ratios.push(r.rate / ltx);
    receipts = r.receipts;
  }
  const [ltxRate, ownRate, rate] = [median(ltxRates), median(ownRates), median(rates)];
  const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} stanzas/s`;
  const notes = [
    `${total.toLocaleString('en-US')} stanzas per run: ${chats.toLocaleString('en-US')} chat messages (markable, receipt request, stanza-id, some carbons), the rest receipts, displayed markers and chat states; ${receipts.toLocaleString('en-US')} receipts built and handed to send() per run; read ${READ_SIZE / 1024} KiB per event-loop turn.`,
    `Parsing alone over the same reads (medians of ${runs} runs, interleaved): @xmpp/xml on ltx ${perSecond(ltxRate)}, the core's StreamParser ${perSecond(ownRate)} (${(ownRate / ltxRate).toFixed(2)}×); so parsing is ${Math.round((100 * rate) / ownRate)}% of the time per stanza and routing (routing table, codecs, feed, receipts) the rest.`,
    'p95 here is the slow tail (5th percentile of the rate).',
  ];
  if (ctx.profile) notes.push(await profileNode('parse+route', () => once().then(() => undefined)));
  return [
    measured({
      id: '8',
      what: 'stanza parse and routing in the core',
      target: '≥ 100,000 stanzas/s',
      unit: 'stanzas/s',
      better: 'higher',
      samples: rates,
      rule: { on: 'p95', op: '>=', value: 100_000 },
      notes,
    }),
    measured({
      id: '8a',
      what: 'parse and routing ÷ @xmpp/xml (ltx) parsing alone, same run',
      target: '≥ 1.3×',
      unit: '×',
      better: 'higher',
      samples: ratios,
      rule: { on: 'median', op: '>=', value: 1.3 },
    }),
  ];
}

const HEADER = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' to='${OWN}' version='1.0' id='bench'>`;

interface StanzaParser {
  on(event: 'element', listener: (element: Element) => void): unknown;
  write(data: string): void;
}

/** Serialized stanzas as the server sends them to us, and how many of them carry a chat body. */
function traffic(total: number): { xmlText: string; chats: number } {
  const parts: string[] = [];
  let chats = 0;
  for (let i = 0; i < total; i++) {
    const friend = `friend${i % 40}@localhost`;
    const kind = i % 20;
    if (kind === 0) {
      parts.push(`<message from='${friend}/phone' to='${OWN_FULL}' id='r${i}'><received xmlns='urn:xmpp:receipts' id='out-${i - 7}'/></message>`);
    } else if (kind === 1) {
      parts.push(
        `<message from='${friend}/phone' to='${OWN_FULL}' type='chat' id='d${i}'><displayed xmlns='urn:xmpp:chat-markers:0' id='out-${i - 9}'/><store xmlns='urn:xmpp:hints'/></message>`,
      );
    } else if (kind === 2) {
      parts.push(
        `<message from='${friend}/phone' to='${OWN_FULL}' type='chat' id='cs${i}'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
      );
    } else if (kind === 3) {
      chats++;
      parts.push(
        `<message from='${OWN}' to='${OWN_FULL}' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` +
          `<message xmlns='jabber:client' from='${OWN}/phone' to='${friend}' type='chat' id='c${i}'><body>On my way, ${i}</body>` +
          `<origin-id xmlns='urn:xmpp:sid:0' id='c${i}'/><markable xmlns='urn:xmpp:chat-markers:0'/><request xmlns='urn:xmpp:receipts'/>` +
          `<stanza-id xmlns='urn:xmpp:sid:0' by='${OWN}' id='sid-${i}'/></message></forwarded></sent></message>`,
      );
    } else {
      chats++;
      const body = `Message ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 5))}&amp; &lt;tags&gt; too`;
      parts.push(
        `<message from='${friend}/phone' to='${OWN_FULL}' type='chat' id='m${i}' xml:lang='en'><body>${body}</body>` +
          `<origin-id xmlns='urn:xmpp:sid:0' id='m${i}'/><markable xmlns='urn:xmpp:chat-markers:0'/><request xmlns='urn:xmpp:receipts'/>` +
          `<active xmlns='http://jabber.org/protocol/chatstates'/><stanza-id xmlns='urn:xmpp:sid:0' by='${OWN}' id='sid-${i}'/></message>`,
      );
    }
  }
  return { xmlText: parts.join(''), chats };
}
