import type { BenchContext } from '../lib/context';
import { databaseOf, probe, seed, startGlance, type Painted } from '../lib/glance';
import { measured, type MetricResult } from '../lib/report';
import { max, median, now, sleep } from '../lib/stats';
import { waitFor } from '../../test/support/wait';

const PEER = 'searchtalk@localhost';
const STATUS = '[role="search"] [role="status"]';
/** Seeded bodies are common English words (bench/page/seed.js); "found 0100" names one labelled message (found 010000). */
const QUERIES = ['the', 'wit', 'have you', 'just so', 'found 0100'];

/**
 * Issue 14, search.
 * 14a: a conversation of 100,000 messages stored through the app's history module (which indexes
 *      them as it stores), then the page opened and signed in; the background build walks the
 *      stored rows once (its time and the longest renderer task meanwhile are in the notes). Then,
 *      in the box "Search messages" (all conversations), each query is typed but its last
 *      character, and that last key press → the frame whose status names the whole query, drawn
 *      in the same update as its first (up to) 20 hits. From the key's event timestamp, on the
 *      page's clock.
 * 14b: storing archive-like messages (pages of 50 through storeWireMessages, English and Chinese
 *      text) into a new database with the search index and without it, alternately; each pair
 *      gives one ratio.
 */
export async function searchHistory(ctx: BenchContext): Promise<MetricResult[]> {
  const count = ctx.quick ? 2_000 : 100_000;
  const rounds = ctx.quick ? 1 : 10;
  const me = await ctx.account('search-me');
  ctx.log(`#14a search: seeding ${count} messages`);
  let seedMs = 0;
  const glance = await startGlance(ctx, {
    me,
    seed: async (page) => {
      seedMs = await seed<number>(page, 'conversation', {
        database: databaseOf(me),
        own: me,
        peer: PEER,
        count,
        end: Date.now() - 60_000,
        label: 'found',
        ids: false,
      });
    },
  });
  const { page } = glance;
  try {
    const signedIn = await probe<number>(page, 'epoch');
    const buildStarted = now();
    await page.keyboard.press('Control+Shift+F');
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.waitFor();
    await waitFor(async () => (await page.locator(`${STATUS} .building`).count()) === 0, {
      timeout: 600_000,
      interval: 250,
      message: 'the background index build',
    });
    const buildMs = now() - buildStarted;
    const tasks = ((await page.evaluate('globalThis.__glanceBench.longTasks')) as { start: number; duration: number }[]).filter((t) => t.start >= signedIn);
    ctx.log(`#14a index built in ${(buildMs / 1000).toFixed(1)} s; measuring ${rounds} rounds of ${QUERIES.length} queries`);

    const samples: number[] = [];
    const byQuery = new Map<string, number[]>();
    for (let round = 0; round <= rounds; round++) {
      for (const query of QUERIES) {
        const head = query.slice(0, -1);
        await box.fill(head);
        if (head.trim().length >= 2) {
          const ready = await probe<number>(page, 'watch', { kind: 'contains', selector: STATUS, text: `“${head}”` });
          if (!(await probe<Painted | undefined>(page, 'result', ready))) throw new Error(`no answer for ${head}`);
        }
        await sleep(50);
        const watch = await probe<number>(page, 'watch', { kind: 'contains', selector: STATUS, text: `“${query}”` });
        await page.keyboard.press(query.at(-1)!);
        const painted = await probe<Painted | undefined>(page, 'result', watch);
        if (!painted) throw new Error(`the hits for ${query} never painted`);
        const pressed = (await page.evaluate('globalThis.__glanceBench.lastKey')) as number;
        // The first round is a warm-up (code paths, caches).
        if (round > 0) {
          samples.push(painted.paint - pressed);
          byQuery.set(query, [...(byQuery.get(query) ?? []), painted.paint - pressed]);
        }
      }
    }
    const hits = await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').count();

    ctx.log('#14b indexing cost');
    await page.evaluate(ctx.scripts.seed);
    const stored = ctx.quick ? 1_000 : 10_000;
    const pairs = ctx.quick ? 1 : 4;
    const ratios: number[] = [];
    const times = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < pairs; i++) {
      const cost = (indexesSearch: boolean) =>
        seed<number>(page, 'storeCost', { database: `cost-${i}-${indexesSearch}`, own: me, peer: 'cost@localhost', count: stored, indexesSearch });
      const without = await cost(false);
      const withIndex = await cost(true);
      times.without.push(without);
      times.with.push(withIndex);
      ratios.push(withIndex / without);
    }
    return [
      measured({
        id: '14a',
        what: `search over ${count.toLocaleString('en-US')} messages: last key → first 20 hits painted`,
        target: 'p95 ≤ 100 ms',
        unit: 'ms',
        samples,
        rule: { on: 'p95', op: '<=', value: 100 },
        notes: [
          `${count.toLocaleString('en-US')} messages seeded in ${(seedMs / 1000).toFixed(1)} s through the app's history module (indexed as stored); the background build then walked them in ${(buildMs / 1000).toFixed(1)} s with ${tasks.length} renderer tasks over 50 ms (longest ${tasks.length ? max(tasks.map((t) => t.duration)).toFixed(0) : 0} ms).`,
          `Median per query: ${[...byQuery].map(([q, s]) => `"${q}" ${median(s).toFixed(1)} ms`).join(', ')}; the last query showed ${hits} hit(s).`,
        ],
      }),
      measured({
        id: '14b',
        what: `storing ${stored.toLocaleString('en-US')} archive messages with the search index ÷ without`,
        target: '≤ 1.5×',
        unit: '×',
        samples: ratios,
        rule: { on: 'median', op: '<=', value: 1.5 },
        notes: [
          `Median ${median(times.with).toFixed(0)} ms with the index, ${median(times.without).toFixed(0)} ms without (pages of 50, a quarter of them Chinese).`,
        ],
      }),
    ];
  } finally {
    await glance.stop();
  }
}
