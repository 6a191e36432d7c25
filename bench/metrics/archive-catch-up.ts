import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { connectPeer, type Peer } from '../../test/support/peer';
import { waitFor } from '../../test/support/wait';
import { PASSWORD, type BenchContext } from '../lib/context';
import { blankOrigin, databaseOf, epochNow, seed, startGlance, type GlanceSession } from '../lib/glance';
import { chromiumCpuMs, cpuDuring } from '../lib/proc';
import { pageTimes, profileNode, profilePage, timesBetween, type PageTimes } from '../lib/profile';
import { growthRow } from '../lib/growth';
import { measured, type MetricResult } from '../lib/report';
import { max, median, now, sleep } from '../lib/stats';

const NS_MAM = 'urn:xmpp:mam:2';
const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_SID = 'urn:xmpp:sid:0';
/** Prosody's max_archive_query_results in the bench's server (and the core's PAGE_SIZE). */
const PAGE = 50;
const SEND_BATCH = 250;
/** After this long in Glance's catch-ups of the compared size, no further run of it starts. */
const SUITE_BUDGET_MS = 100_000;
/** #2g: catch-up sizes (the middle one is #2's); quick runs use small ones to keep the table's shape. */
const SIZES = [1000, 10_000, 50_000];
const QUICK_SIZES = [100, 250, 500];

interface LimitRow {
  key: string;
  peer: string;
  direction: 'in';
  from: string;
  sender: string;
  body: string;
  timestamp: number;
  order: number;
  read: boolean;
  id?: string;
  stanzaId: string;
  clientId?: string;
  unreadPeer: string;
  via: 'archive';
  markable?: true;
}

/**
 * #2 and #1: catching up on 10,000 archived messages (XEP-0313) into IndexedDB.
 *
 * The archive: a friend sends 10,001 messages to `me` while another resource of `me` is online
 * (so nothing waits in offline storage); Prosody archives them in SQLite. The first is the anchor:
 * both sides below fetch everything after it, as Glance does when resuming after its newest stored
 * stanza-id.
 *
 * The bare walk (measured in the same run): a bare @xmpp/client walks the same archive page after
 * page (50 a page, the next query when the previous one's <fin/> arrives) and does nothing with the
 * messages; #2 divides Glance's time by it. A chunked bulk write of the same rows (250 per
 * transaction) into a fresh IndexedDB store in the same Chromium is reported beside it.
 *
 * Glance: the preview (core in Node, renderer in Chromium, signed in, conversation list showing),
 * `core.syncArchive({ after: anchor })`, until the renderer has stored every message and
 * acknowledged it to the core. Then the same catch-up again: the rows in IndexedDB must not grow.
 *
 * Beside #2, the notes give the lowest ratio any client that stores the messages could reach on
 * this machine, from the CPU the bare walk cost Prosody and the raw bulk write cost Chromium.
 *
 * #2g: the same catch-up at three sizes (one archive of the largest size, walked from three
 * anchors), per message.
 */
export async function archiveCatchUp(ctx: BenchContext): Promise<MetricResult[]> {
  const sizes = ctx.quick ? QUICK_SIZES : SIZES;
  const total = sizes[1]!;
  const largest = sizes.at(-1)!;
  /** Glance's catch-ups (each in a fresh browser profile); the limit gets one more, as a warm-up. */
  const runs = ctx.quick ? 1 : 2;
  const server = await ctx.server();
  const [me, friendJid] = await Promise.all([ctx.account('archive-me'), ctx.account('archive-friend')]);

  ctx.log(`#2 archive: generating ${largest + 1} archived messages`);
  const generated = now();
  const ids = await generate(ctx, me, friendJid, largest);
  /** The stanza-id a catch-up of the newest `n` messages starts after. */
  const anchorFor = (n: number) => ids[largest - n]!;
  const anchor = anchorFor(total);
  const generateSeconds = (now() - generated) / 1000;
  ctx.log(`#2 archive: generated in ${generateSeconds.toFixed(1)} s`);

  // The limit.
  const walks: number[] = [];
  const writes: number[] = [];
  /** Core-ms the least any storing client needs: Prosody serving the walk + the machine storing its rows. */
  const floors: { prosody: number; store: number }[] = [];
  const browser = await ctx.browser();
  const scratch = await browser.newContext();
  const origin = await blankOrigin();
  try {
    const page = await scratch.newPage();
    // IndexedDB needs an http(s) page, not about:blank.
    await page.goto(origin.url);
    await page.evaluate(ctx.scripts.seed);
    for (let run = 0; run < runs + 1; run++) {
      const walked = await cpuDuring(server.pid, () => walkArchive(ctx, me, anchor, total));
      await seed(page, 'keepRows', walked.value.rows);
      const chromiumBefore = chromiumCpuMs();
      const { ms } = await seed<{ ms: number }>(page, 'rawBulkWrite', { chunk: 250 });
      const storeMs = chromiumCpuMs() - chromiumBefore;
      await seed(page, 'dropRawDatabases');
      // The first is a warm-up (server caches, JIT, the new IndexedDB directory).
      if (run > 0) {
        walks.push(walked.value.ms);
        writes.push(ms);
        floors.push({ prosody: walked.prosodyMs, store: storeMs });
      }
    }
  } finally {
    await scratch.close().catch(() => undefined);
    await origin.close();
  }
  ctx.log(`#2 bare walk ${median(walks).toFixed(0)} ms (a bulk write of its rows ${median(writes).toFixed(0)} ms)`);

  // Glance.
  const times: number[] = [];
  const repeatTimes: number[] = [];
  const fetchTimes: number[] = [];
  const longest: number[] = [];
  const overCount: number[] = [];
  const duplicates: number[] = [];
  const cpu: { prosody: number; core: number; chromium: number; machine: number; renderer: PageTimes; stall: number }[] = [];
  const worstFrames: string[] = [];
  let profileNotes: string[] = [];
  const suiteStarted = now();
  for (let run = 0; run < runs; run++) {
    // The whole bench must stay under 10 minutes: a slow catch-up is measured once, not again.
    if (run > 0 && now() - suiteStarted > SUITE_BUDGET_MS) {
      ctx.log(`#2 skipping Glance run ${run + 1}: the suite has used its ${SUITE_BUDGET_MS / 1000} s`);
      break;
    }
    const glance = await startGlance(ctx, { me });
    try {
      await quiet(glance);
      const { page, preview } = glance;
      const offset = await glance.clockOffset();
      const readTimes = await pageTimes(page);
      const before = await readTimes();
      const startedEpoch = epochNow();
      const started = now();
      let fetched = 0;
      const catchUp = async () => {
        const result = await preview.core.syncArchive({ after: anchor });
        if (!result.ok) throw new Error(`syncArchive failed: ${result.error}`);
        if (result.value.count !== total) throw new Error(`syncArchive fetched ${result.value.count} of ${total}`);
        fetched = now();
        await waitFor(() => preview.core.unstoredCount === 0, { interval: 2, timeout: 120_000, message: 'renderer to store and acknowledge all' });
      };
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const chromiumBefore = chromiumCpuMs();
      const measuredRun = await cpuDuring(server.pid, async () => {
        if (ctx.profile && run === runs - 1) {
          let nodeProfile = '';
          const pageProfile = await profilePage('archive catch-up', page, async () => {
            nodeProfile = await profileNode('archive catch-up', catchUp);
          });
          profileNotes = [nodeProfile, pageProfile];
        } else {
          await catchUp();
        }
      });
      const done = now();
      loop.disable();
      const after = await readTimes();
      times.push(done - started);
      fetchTimes.push(fetched - started);
      cpu.push({
        prosody: measuredRun.prosodyMs,
        core: measuredRun.coreMs,
        chromium: chromiumCpuMs() - chromiumBefore,
        machine: measuredRun.machineBusy,
        renderer: timesBetween(before, after),
        stall: loop.max / 1e6,
      });
      await sleep(300);
      const tasks = (await page.evaluate('globalThis.__glanceBench.longTasks')) as { start: number; duration: number }[];
      const during = tasks.filter((t) => t.start - offset >= startedEpoch - 5);
      longest.push(during.length ? max(during.map((t) => t.duration)) : 0);
      overCount.push(during.length);
      const frames = (await page.evaluate('globalThis.__glanceBench.longFrames')) as {
        start: number;
        duration: number;
        scripts: { duration: number; source: string }[];
      }[];
      const worst = frames.filter((f) => f.start - offset >= startedEpoch - 5).sort((a, b) => b.duration - a.duration)[0];
      if (worst)
        worstFrames.push(
          `${worst.duration.toFixed(0)} ms frame: ${
            worst.scripts
              .slice(0, 3)
              .map((s) => `${s.source} ${s.duration.toFixed(0)} ms`)
              .join(', ') || 'no script attribution'
          }`,
        );

      ctx.log(
        `#2 Glance run ${run + 1}: ${(done - started).toFixed(0)} ms (fetched at ${(fetched - started).toFixed(0)} ms), longest renderer task ${longest.at(-1)!.toFixed(0)} ms, longest Node event-loop stall ${cpu.at(-1)!.stall.toFixed(0)} ms`,
      );
      if (run > 0) continue;

      // The same catch-up again (once): nothing new may be stored.
      await page.evaluate(ctx.scripts.seed);
      const first = await seed<{ rows: number; stanzaIds: number }>(page, 'countMessages', { database: databaseOf(me), peer: friendJid });
      const again = now();
      const repeat = await preview.core.syncArchive({ after: anchor });
      if (!repeat.ok) throw new Error(`second syncArchive failed: ${repeat.error}`);
      await waitFor(() => preview.core.unstoredCount === 0, { interval: 2, timeout: 120_000 });
      repeatTimes.push(now() - again);
      await sleep(300);
      const second = await seed<{ rows: number; stanzaIds: number }>(page, 'countMessages', { database: databaseOf(me), peer: friendJid });
      if (first.stanzaIds < total) throw new Error(`only ${first.stanzaIds} of ${total} messages stored`);
      duplicates.push(second.rows - second.stanzaIds + (second.rows - first.rows));
      ctx.log(`#1 repeated catch-up: ${repeatTimes.at(-1)!.toFixed(0)} ms, rows ${first.rows} → ${second.rows}`);
    } finally {
      await glance.stop();
    }
  }

  const walk = median(walks);
  const ratios = times.map((t) => t / walk);
  // Lower bounds on #2's ratio on this machine, from work no client that stores the messages can
  // skip (the core's parsing and the IPC not even counted): Prosody is one process on one core, so
  // no walk ends before Prosody has spent the CPU the messages cost it; and all of that work,
  // spread perfectly over every core, still takes its sum ÷ the cores.
  const prosodyFloorMs = median(floors.map((f) => f.prosody));
  const floorMs = Math.max(prosodyFloorMs, median(floors.map((f) => f.prosody + f.store)) / os.cpus().length);

  // #2g: the other sizes, once each.
  const growthCosts: number[] = [];
  for (const n of sizes) growthCosts.push(n === total ? median(times) : await catchUpOnce(ctx, me, anchorFor(n), n));
  const m = (xs: number[]) => median(xs).toFixed(0);
  const breakdown =
    `Glance ${m(times)} ms (median) = the core's walk (syncArchive resolved) at ${m(fetchTimes)} ms + the renderer finishing its writes ${(median(times) - median(fetchTimes)).toFixed(0)} ms later; ` +
    `the bare client's page-by-page walk ${m(walks)} ms (a raw chunked bulk write of its rows would add ${m(writes)} ms). ` +
    `The core's Node event loop stalled at most ${m(cpu.map((c) => c.stall))} ms (median of the runs' longest stalls). ` +
    `CPU during Glance's catch-up (median): Prosody ${m(cpu.map((c) => c.prosody))} ms, Node (core + preview server) ${m(cpu.map((c) => c.core))} ms, Chromium (every process) ${m(cpu.map((c) => c.chromium))} ms, of which the ` +
    `renderer's main thread was ${m(cpu.map((c) => c.renderer.task))} ms busy (script ${m(cpu.map((c) => c.renderer.script))} ms, style+layout ${m(cpu.map((c) => c.renderer.style + c.renderer.layout))} ms); the machine's ${os.cpus().length} cores were ${(100 * median(cpu.map((c) => c.machine))).toFixed(0)}% busy (every process). ` +
    `Floors on this machine: Prosody (one process, one core) spent ${m(floors.map((f) => f.prosody))} ms of CPU serving the bare walk = ${(prosodyFloorMs / walk).toFixed(2)}× it; ` +
    `with Chromium's CPU (every process of it) for the raw bulk write of the same rows (${m(floors.map((f) => f.store))} ms), the work spread over ${os.cpus().length} cores with no overhead at all takes ${(median(floors.map((f) => f.prosody + f.store)) / os.cpus().length).toFixed(0)} ms; ` +
    `so no client that stores the messages can go below ${(floorMs / walk).toFixed(2)}× here.`;
  return [
    measured({
      id: '2',
      what: `archive catch-up of ${total.toLocaleString('en-US')} messages: Glance ÷ bare page-by-page walk`,
      target: '≤ 0.8× the bare walk',
      unit: '×',
      samples: ratios,
      rule: { on: 'median', op: '<=', value: 0.8 },
      notes: [breakdown, ...profileNotes, `Generating the archive (${largest + 1} messages sent and archived) took ${generateSeconds.toFixed(1)} s.`],
    }),
    growthRow({ id: '2g', what: 'archive catch-up', item: 'message', sizes, costs: growthCosts }),
    measured({
      id: '2a',
      what: 'archive catch-up: Glance time (syncArchive → all stored)',
      target: 'reported',
      unit: 'ms',
      samples: times,
      notes: [`The bare walk: ${walks.map((l) => l.toFixed(0)).join(', ')} ms.`],
    }),
    measured({
      id: '1a',
      what: 'archive catch-up: longest renderer task',
      target: 'no task > 50 ms',
      unit: 'ms',
      samples: longest,
      rule: { on: 'max', op: '<=', value: 50 },
      notes: [
        `Tasks over 50 ms per catch-up (PerformanceObserver 'longtask'): ${overCount.join(', ')}; 0 ms means none.`,
        ...(worstFrames.length ? [`Longest animation frame per run: ${worstFrames.join('; ')}.`] : []),
      ],
    }),
    measured({
      id: '1b',
      what: 'archive catch-up run twice: duplicate rows',
      target: '0',
      unit: 'rows',
      samples: duplicates,
      rule: { on: 'max', op: '==', value: 0 },
      notes: [
        `Rows in IndexedDB for the conversation before and after a second, identical catch-up (which took ${repeatTimes.map((t) => t.toFixed(0)).join(', ')} ms), plus rows sharing a stanza-id.`,
      ],
    }),
  ];
}

/**
 * Fills `me`'s archive with `total + 1` messages from the friend; returns their stanza-ids in
 * order. The friend's own archive is switched off (XEP-0313 prefs) so Prosody writes each
 * message once; `me` has a resource online so nothing goes to offline storage.
 */
async function generate(ctx: BenchContext, me: string, friendJid: string, total: number): Promise<string[]> {
  const server = await ctx.server();
  const [sink, friend] = await Promise.all([
    connectPeer(server, me, PASSWORD, { resource: 'sink' }),
    connectPeer(server, friendJid, PASSWORD, { resource: 'phone' }),
  ]);
  try {
    await friend.iq(xml('iq', { type: 'set' }, xml('prefs', { xmlns: NS_MAM, default: 'never' })));
    const message = (i: number) =>
      xml(
        'message',
        { to: me, type: 'chat', id: `arch-${i}` },
        xml('body', {}, `Archived message ${i}: ${'some words in it '.repeat(1 + (i % 6))}`),
        xml('origin-id', { xmlns: NS_SID, id: `arch-${i}` }),
        xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' }),
      );
    const count = total + 1;
    for (let from = 0; from < count; from += SEND_BATCH) {
      const to = Math.min(count, from + SEND_BATCH);
      await friend.client.sendMany(Array.from({ length: to - from }, (_, k) => message(from + k)));
      // Flow control: the batch is archived and delivered before the next one goes.
      await sink.waitForMessage((m) => m.attrs.id === `arch-${to - 1}`, 60_000, Math.max(0, sink.received.length - SEND_BATCH * 2));
    }
    if (sink.errors.length || friend.errors.length) ctx.log(`generate: client errors ${[...sink.errors, ...friend.errors].map((e) => e.message).join('; ')}`);
    const stanzaIds = new Map<string, string>();
    for (const s of sink.received) {
      const sid = s.is('message') ? s.getChildren('stanza-id', NS_SID).find((x) => x.attrs.by === me)?.attrs.id : undefined;
      if (sid && s.attrs.id) stanzaIds.set(s.attrs.id, sid);
    }
    const ids = Array.from({ length: count }, (_, i) => stanzaIds.get(`arch-${i}`) ?? '');
    if (ids.some((id) => !id)) throw new Error('an archived message came without a stanza-id');
    return ids;
  } finally {
    await sink.stop().catch(() => undefined);
    await friend.stop().catch(() => undefined);
  }
}

/** The bare client's walk: page after page of 50 from `after`, until the archive says complete. */
async function walkArchive(ctx: BenchContext, me: string, after: string, total: number): Promise<{ ms: number; rows: LimitRow[] }> {
  const server = await ctx.server();
  const walker: Peer = await connectPeer(server, me, PASSWORD, { resource: `walker-${randomUUID().slice(0, 6)}`, initialPresence: false });
  try {
    const rows: LimitRow[] = [];
    let queryId = '';
    walker.client.on('stanza', (stanza: Element) => {
      const result = stanza.is('message') ? stanza.getChild('result', NS_MAM) : undefined;
      if (!result || result.attrs.queryid !== queryId) return;
      const forwarded = result.getChild('forwarded', 'urn:xmpp:forward:0');
      const message = forwarded?.getChild('message');
      if (!message) return;
      const from = message.attrs.from ?? '';
      const sender = from.split('/')[0]!.toLowerCase();
      const stamp = forwarded!.getChild('delay', 'urn:xmpp:delay')?.attrs.stamp;
      const id = message.attrs.id;
      rows.push({
        key: `s:${result.attrs.id}`,
        peer: sender,
        direction: 'in',
        from,
        sender,
        body: message.getChildText('body') ?? '',
        timestamp: stamp ? Date.parse(stamp) : Date.now(),
        order: rows.length + 1,
        read: false,
        ...(id ? { id, clientId: id } : {}),
        stanzaId: result.attrs.id!,
        unreadPeer: sender,
        via: 'archive',
        ...(message.getChild('markable', 'urn:xmpp:chat-markers:0') ? { markable: true as const } : {}),
      });
    });
    const started = now();
    let cursor = after;
    for (;;) {
      queryId = randomUUID();
      const reply = await walker.iq(
        xml(
          'iq',
          { type: 'set' },
          xml('query', { xmlns: NS_MAM, queryid: queryId }, xml('set', { xmlns: NS_RSM }, xml('max', {}, String(PAGE)), xml('after', {}, cursor))),
        ),
      );
      const fin = reply.getChild('fin', NS_MAM);
      const last = fin?.getChild('set', NS_RSM)?.getChildText('last');
      if (fin?.attrs.complete === 'true' || !last) break;
      cursor = last;
    }
    const ms = now() - started;
    if (walker.errors.length) ctx.log(`walk: client errors ${walker.errors.map((e) => e.message).join('; ')}`);
    if (rows.length !== total) throw new Error(`the walk found ${rows.length} of ${total} messages`);
    return { ms, rows };
  } finally {
    await walker.stop().catch(() => undefined);
  }
}

/** One more catch-up of the newest `n` messages (after `after`) in a fresh profile: ms until all is stored. */
async function catchUpOnce(ctx: BenchContext, me: string, after: string, n: number): Promise<number> {
  const glance = await startGlance(ctx, { me });
  try {
    await quiet(glance);
    const started = now();
    const result = await glance.preview.core.syncArchive({ after });
    if (!result.ok || result.value.count !== n) throw new Error(`syncArchive of ${n}: ${JSON.stringify(result)}`);
    await waitFor(() => glance.preview.core.unstoredCount === 0, { interval: 2, timeout: 300_000, message: 'renderer to store and acknowledge all' });
    const ms = now() - started;
    ctx.log(`#2g catch-up of ${n}: ${ms.toFixed(0)} ms (${((1000 * ms) / n).toFixed(0)} µs a message)`);
    return ms;
  } finally {
    await glance.stop();
  }
}

/** Waits until the renderer has stored everything the core handed it and nothing new comes. */
async function quiet(glance: GlanceSession): Promise<void> {
  let last = glance.preview.messages.length;
  let stableSince = now();
  await waitFor(
    () => {
      if (glance.preview.messages.length !== last || glance.preview.core.unstoredCount > 0) {
        last = glance.preview.messages.length;
        stableSince = now();
      }
      return now() - stableSince > 1000;
    },
    { timeout: 60_000, interval: 50, message: 'the preview to settle after sign-in' },
  );
}
