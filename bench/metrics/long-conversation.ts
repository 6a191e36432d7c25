import type { Page } from 'playwright-core';
import type { BenchContext } from '../lib/context';
import { databaseOf, probe, seed, startGlance, type Painted } from '../lib/glance';
import { pageTimes, profilePage } from '../lib/profile';
import { measured, type MetricResult } from '../lib/report';
import { max, median, now, sleep } from '../lib/stats';
import { growthRow } from '../lib/growth';

const LONG = 'longtalk@localhost';
const SHORT = 'shorttalk@localhost';
/** #3g: the smaller conversations opened beside the long one (sizes[0] and sizes[1]). */
const SMALLER = ['smalltalk', 'midtalk'];
const SIZES = [1000, 10_000, 100_000];
const QUICK_SIZES = [100, 300, 1000];
const TEXT = '[role="log"] .message .text';

interface Frames {
  count: number;
  maxGap: number;
  intervals: number[];
  gaps: { at: number; gap: number }[];
}
interface Scroll {
  done: boolean;
  ms: number;
  frames: Frames;
  maxNodes: number;
  moves: number;
  /** The furthest labelled message (every 1,000th) seen in the list. */
  furthest?: number;
}

/** Most time the bench gives each direction of the scroll: enough for thousands of frames, and the whole bench must stay under 8 minutes. */
const SCROLL_LIMIT_MS = 20_000;
/** A quick run's: still dozens of frames each way, and the quick bench must stay under a minute. */
const QUICK_SCROLL_LIMIT_MS = 1_000;

const label = (prefix: string, i: number) => `${prefix} ${String(i).padStart(6, '0')}`;

/**
 * #3, #4 and #10 on one conversation of 100,000 messages, stored through the app's own history
 * module (storeWireMessages, as if they had arrived over time) before the app opens the database.
 * #3: click the conversation in the list → the frame that shows its newest message in view
 *     (from the click event's timestamp, all on the page's clock); alternating with a short one.
 * #4: then scroll it to the oldest message and back, as fast as a flinging wheel (2,000 px a
 *     frame, waiting wherever the app loads), recording every frame interval and the most DOM
 *     elements the log held.
 * #10: the JS heap after that, after a forced garbage collection (and before one, in the notes).
 * #3g: #3 for conversations of 1,000 and 10,000 messages in the same history, per message.
 */
export async function longConversation(ctx: BenchContext): Promise<MetricResult[]> {
  const sizes = ctx.quick ? QUICK_SIZES : SIZES;
  const count = sizes.at(-1)!;
  const opens = ctx.quick ? 1 : 15;
  const me = await ctx.account('long-me');
  ctx.log(`#3 long conversation: seeding ${count} messages`);
  let seedMs = 0;
  const glance = await startGlance(ctx, {
    me,
    seed: async (page) => {
      const end = Date.now() - 60_000;
      seedMs = await seed<number>(page, 'conversation', { database: databaseOf(me), own: me, peer: LONG, count, end, label: 'long', ids: false });
      await seed<number>(page, 'conversation', { database: databaseOf(me), own: me, peer: SHORT, count: 40, end: end - 3_600_000, label: 'short' });
      for (const [i, name] of SMALLER.entries())
        await seed<number>(page, 'conversation', {
          database: databaseOf(me),
          own: me,
          peer: `${name}@localhost`,
          count: sizes[i]!,
          end: end - 7_200_000 * (i + 1),
          label: name,
          ids: false,
        });
    },
  });
  ctx.log(`#3 seeded in ${(seedMs / 1000).toFixed(1)} s`);
  const { page } = glance;
  try {
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('button', { name: 'longtalk', exact: true }).waitFor();

    // #3: open it, again and again.
    const openTimes: number[] = [];
    const openOnce = async (name: string, newest: string): Promise<number> => {
      const watch = await probe<number>(page, 'watch', { kind: 'text', selector: TEXT, text: newest, inView: true });
      await list.getByRole('button', { name, exact: true }).click();
      const painted = await probe<Painted | undefined>(page, 'result', watch);
      if (!painted) throw new Error(`${newest} never painted after opening ${name}`);
      const clicked = (await page.evaluate('globalThis.__glanceBench.lastClick')) as number;
      return painted.paint - clicked;
    };
    for (let i = 0; i < opens + 1; i++) {
      await openOnce('shorttalk', label('short', 40));
      await sleep(100);
      const ms = await openOnce('longtalk', label('long', count));
      if (i > 0) openTimes.push(ms); // the first is a warm-up (code paths, caches)
      await sleep(100);
    }
    // #3g: the smaller ones, a few times each, the same way.
    const smallerOpens: number[][] = [];
    for (const [i, name] of SMALLER.entries()) {
      const times: number[] = [];
      for (let k = 0; k < (ctx.quick ? 1 : 5) + 1; k++) {
        await openOnce('shorttalk', label('short', 40));
        await sleep(100);
        const ms = await openOnce(name, label(name, sizes[i]!));
        if (k > 0) times.push(ms);
        await sleep(100);
      }
      smallerOpens.push(times);
    }
    const notes3 = [
      `${count.toLocaleString('en-US')} messages (a third ours, the newest ours so all read) seeded through the app's history module (storeWireMessages) in ${(seedMs / 1000).toFixed(1)} s, without message ids so seeding skips the per-id dedupe lookups; each open alternates with a 40-message conversation.`,
    ];
    if (ctx.profile) {
      notes3.push(
        await profilePage('opening the long conversation', page, async () => {
          for (let i = 0; i < 5; i++) {
            await openOnce('shorttalk', label('short', 40));
            await openOnce('longtalk', label('long', count));
          }
        }),
      );
    }

    // #3g left a smaller conversation open: #4 and #10 are about the long one.
    await openOnce('longtalk', label('long', count));
    await ctx.snap(page, 'long-opened');
    // #4: scroll to the oldest and back.
    ctx.log(`#4 scrolling ${count} messages up and down`);
    await page.mouse.move(700, 400);
    const readTimes = await pageTimes(page);
    const before = await readTimes();
    const scrollStarted = now();
    const limitMs = ctx.quick ? QUICK_SCROLL_LIMIT_MS : SCROLL_LIMIT_MS;
    const scroll = async (to: 'oldest' | 'newest', endText: string) =>
      probe<Scroll>(page, 'scrollThrough', { to, step: 2000, endText, timeoutMs: limitMs, labelPrefix: 'long ' });
    let up: Scroll | undefined;
    let down: Scroll | undefined;
    let scrollProfile = '';
    const both = async () => {
      up = await scroll('oldest', label('long', 1));
      await ctx.snap(page, 'long-top');
      down = await scroll('newest', label('long', count));
    };
    if (ctx.profile) scrollProfile = await profilePage('scrolling', page, both);
    else await both();
    const scrollMs = now() - scrollStarted;
    await ctx.snap(page, 'long-scrolled');
    const after = await readTimes();
    const intervals = [...up!.frames.intervals, ...down!.frames.intervals];
    const slow = [...up!.frames.gaps, ...down!.frames.gaps];
    const reachedTop = up!.done ? 1 : (up!.furthest ?? count);
    const travelled = count - reachedTop;
    const describe = (s: Scroll, end: string) =>
      s.done
        ? `reached the ${end} in ${(s.ms / 1000).toFixed(1)} s`
        : `stopped by the bench's ${limitMs / 1000} s limit, furthest message reached #${s.furthest ?? '?'}`;
    const notes4 = [
      `Up: ${describe(up!, 'oldest')} (${travelled.toLocaleString('en-US')} messages, ${Math.round(travelled / (up!.ms / 1000)).toLocaleString('en-US')} messages/s); back down: ${describe(down!, 'newest')}; ${up!.frames.count + down!.frames.count} frames in all.`,
      `Frames over 50 ms: ${slow.length} (${slow.length ? `worst ${max(slow.map((g) => g.gap)).toFixed(0)} ms` : 'none'}). Renderer main thread busy ${((after.task - before.task) / 1000).toFixed(1)} s of ${(scrollMs / 1000).toFixed(1)} s (script ${((after.script - before.script) / 1000).toFixed(1)} s, style+layout ${((after.style + after.layout - before.style - before.layout) / 1000).toFixed(1)} s).`,
      ...(scrollProfile ? [scrollProfile] : []),
    ];

    // #10: the heap after all that.
    const heap = await heapAfterGc(page);
    return [
      measured({
        id: '3',
        what: `open a ${count.toLocaleString('en-US')}-message conversation: click → newest painted`,
        target: 'p95 ≤ 100 ms',
        unit: 'ms',
        samples: openTimes,
        rule: { on: 'p95', op: '<=', value: 100 },
        notes: notes3,
      }),
      growthRow({
        id: '3g',
        what: 'open a conversation: click → newest painted',
        item: 'message',
        sizes,
        costs: [...smallerOpens.map((t) => median(t)), median(openTimes)],
        notes: [`Medians of ${smallerOpens.map((t) => t.length).join(', ')} and ${openTimes.length} opens.`],
      }),
      measured({
        id: '4a',
        what: 'scroll it newest → oldest → newest: frame interval',
        target: 'no frame gap > 50 ms',
        unit: 'ms',
        samples: intervals,
        rule: { on: 'max', op: '<=', value: 50 },
        notes: notes4,
      }),
      measured({
        id: '4b',
        what: 'scroll it: most DOM elements in the list',
        target: '≤ 1,500 nodes',
        unit: 'nodes',
        samples: [up!.maxNodes, down!.maxNodes],
        rule: { on: 'max', op: '<=', value: 1500 },
        notes: ['Elements inside the role=log scroller (itself included), sampled every frame; one sample per direction.'],
      }),
      measured({
        id: '10',
        what: 'renderer JS heap after that scroll (after GC)',
        target: '≤ 60 MB',
        unit: 'MB',
        samples: [heap.afterGc],
        rule: { on: 'max', op: '<=', value: 60 },
        notes: [
          `Before the forced collection: ${heap.beforeGc.toFixed(1)} MB used (CDP Runtime.getHeapUsage).${up!.done && down!.done ? '' : ' The scroll did not cover the whole conversation (see 4a).'}`,
        ],
      }),
    ];
  } finally {
    await glance.stop();
  }
}

async function heapAfterGc(page: Page): Promise<{ beforeGc: number; afterGc: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const usage = async () => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 2 ** 20;
    const beforeGc = await usage();
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(200);
    await cdp.send('HeapProfiler.collectGarbage');
    return { beforeGc, afterGc: await usage() };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
