import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createContext, type BenchContext } from './lib/context';
import { startLoadGenerator } from './lib/load-generator';
import { busyFigures, markdownTable, notesText, unmeasured, type MetricResult } from './lib/report';
import { archiveCatchUp } from './metrics/archive-catch-up';
import { liveMessage } from './metrics/live-message';
import { longConversation } from './metrics/long-conversation';
import { parseRouting } from './metrics/parse-routing';
import { readMarker } from './metrics/read-marker';
import { roomReadBy } from './metrics/room-read-by';
import { sendAcknowledged } from './metrics/send-ack';
import { uploadThroughput } from './metrics/upload';
import { startupList } from './metrics/startup-list';
import { roomCrowd } from './metrics/room-crowd';
import { searchHistory } from './metrics/search';
import { rosterSuite } from './metrics/roster';

/**
 * `npm run bench`: the figures of the performance issue, measured on the real code (the core in
 * Node, the renderer in Debian's Chromium, Prosody with SQLite on loopback) with generated data.
 *
 *   node dist/bench/main.js [--only=parse,send,upload,marker,live,archive,long,startup,rooms,readby,search,roster] [--quick] [--profile] [--busy]
 *
 * `--busy` runs the chosen suites a second time with one core kept busy by a load generator the
 * bench starts (lib/load-generator.ts) and reports both columns. Each row keeps the load average
 * at its suite's start and end. A full run writes bench/results.json; a partial or quick one
 * writes dist/bench/results.json.
 */
interface Suite {
  key: string;
  /** The rows this suite reports (for the n/a rows when it fails). */
  rows: { id: string; what: string; target: string; unit: string }[];
  /** Uses neither the run's Prosody nor its Chromium (parse: no network; upload: a Prosody of its own). */
  alone?: true;
  run(ctx: BenchContext): Promise<MetricResult[]>;
}

const SUITES: Suite[] = [
  {
    key: 'parse',
    rows: [
      { id: '8', what: 'stanza parse and routing in the core', target: '≥ 100,000 stanzas/s', unit: 'stanzas/s' },
      { id: '8a', what: 'parse and routing ÷ @xmpp/xml (ltx) parsing alone, same run', target: '≥ 1.3×', unit: '×' },
    ],
    run: parseRouting,
    alone: true,
  },
  { key: 'send', rows: [{ id: '9', what: '1,000 messages sent → all acknowledged by the server', target: '≤ 2 s', unit: 'ms' }], run: sendAcknowledged },
  {
    key: 'upload',
    rows: [{ id: '11', what: '10 MB upload to the loopback server: Glance throughput ÷ curl -T', target: '≥ 0.8× curl', unit: '×' }],
    run: uploadThroughput,
    alone: true,
  },
  { key: 'marker', rows: [{ id: '5', what: 'read marker → peer gets the displayed marker', target: 'p95 ≤ 100 ms', unit: 'ms' }], run: readMarker },
  { key: 'live', rows: [{ id: '6', what: 'live message: peer sends → row painted', target: 'p95 ≤ 50 ms', unit: 'ms' }], run: liveMessage },
  {
    key: 'archive',
    rows: [
      { id: '2', what: 'archive catch-up of 10,000 messages vs the bare walk', target: '≤ 0.8× the bare walk', unit: '×' },
      { id: '2g', what: 'archive catch-up per message at 1,000 / 10,000 / 50,000', target: '≤ 1.5× (linear)', unit: '×' },
      { id: '1', what: 'archive catch-up: renderer tasks, duplicates', target: 'no task > 50 ms; 0 duplicates', unit: 'ms' },
    ],
    run: archiveCatchUp,
  },
  {
    key: 'long',
    rows: [
      { id: '3', what: 'open a 100,000-message conversation: click → newest painted', target: 'p95 ≤ 100 ms', unit: 'ms' },
      { id: '3g', what: 'open a conversation per message at 1,000 / 10,000 / 100,000', target: '≤ 1.5× (linear)', unit: '×' },
      { id: '4', what: 'scroll it newest → oldest → newest', target: 'no frame gap > 50 ms; ≤ 1,500 DOM nodes', unit: 'ms' },
      { id: '10', what: 'renderer JS heap after that scroll', target: '≤ 60 MB', unit: 'MB' },
    ],
    run: longConversation,
  },
  {
    key: 'readby',
    rows: [{ id: '12', what: 'read-by in a 50-member room after a 1,000-message archive sync: sync end → ready', target: '≤ 100 ms', unit: 'ms' }],
    run: roomReadBy,
  },
  {
    key: 'startup',
    rows: [
      { id: '7', what: 'start → usable list of 500 conversations with unread counts', target: '≤ 300 ms', unit: 'ms' },
      { id: '7g', what: 'start → usable list per conversation at 50 / 500 / 5,000', target: '≤ 1.5× (linear)', unit: '×' },
    ],
    run: startupList,
  },
  {
    key: 'rooms',
    rows: [
      { id: 'r1', what: 'join a room of 1,000 participants → count, last messages and participants list shown', target: '≤ 1.5 s', unit: 'ms' },
      { id: 'r2', what: 'join a room of 5,000 participants → count, last messages and participants list shown', target: '≤ 5 s', unit: 'ms' },
      { id: 'r2a', what: 'renderer JS heap after joining the 5,000 room (after GC), more than before', target: '≤ 150 MB', unit: 'MB' },
      { id: 'r3', what: 'burst of 1,000 presence updates in that room, list open → longest renderer task', target: 'no task > 50 ms', unit: 'ms' },
    ],
    run: roomCrowd,
  },
  {
    key: 'search',
    rows: [
      { id: '14a', what: 'search over 100,000 messages: first 20 hits painted', target: 'p95 ≤ 100 ms', unit: 'ms' },
      { id: '14b', what: 'storing messages with the search index ÷ without', target: '≤ 1.5×', unit: '×' },
    ],
    run: searchHistory,
  },
  {
    key: 'roster',
    rows: [
      { id: '15a', what: 'sign-in → usable contacts view, roster of 5,000', target: '≤ 1 s', unit: 'ms' },
      { id: '15b', what: 'contacts filter, per keystroke, roster of 5,000', target: '≤ 16 ms', unit: 'ms' },
    ],
    run: rosterSuite,
  },
];

const ORDER = [
  '1a',
  '1b',
  '1c',
  '2',
  '2a',
  '2g',
  '3',
  '3g',
  '4a',
  '4b',
  '5',
  '5a',
  '5b',
  '6',
  '7',
  '7g',
  '8',
  '8a',
  '9',
  '10',
  '11',
  '12',
  '14a',
  '14b',
  '15a',
  '15b',
  'r1',
  'r2',
  'r2a',
  'r3',
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.includes(`--${name}`);
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const unknown = only?.filter((k) => !SUITES.some((s) => s.key === k));
  if (unknown?.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.key).join(', ')}`);
  const quick = flag('quick');
  const root = process.cwd();
  const ctx = createContext({ quick, profile: flag('profile'), root });
  const started = Date.now();
  loadAtStart = os.loadavg()[0]!;
  const results: MetricResult[] = [];
  // Nothing here should hang, but a bench that never ends is worse than one that reports less.
  const limitMinutes = flag('busy') ? 28 : 14;
  const watchdog = setTimeout(() => {
    ctx.log(`watchdog: ${limitMinutes} minutes passed; stopping`);
    finish(ctx, results, started, { quick, partial: true }).finally(() => process.exit(3));
  }, limitMinutes * 60_000);
  watchdog.unref();
  try {
    // Chromium and Prosody start side by side, before any figure is taken (both then idle until used).
    if (SUITES.some((s) => (!only || only.includes(s.key)) && !s.alone)) await Promise.all([ctx.server(), ctx.browser()]);
    await runSuites(ctx, only, results);
    if (flag('busy')) {
      const load = startLoadGenerator();
      ctx.log(`busy pass: load generator (PID ${load.pid}) keeps one core busy`);
      const busy: MetricResult[] = [];
      try {
        await runSuites(ctx, only, busy);
      } finally {
        await load.stop();
      }
      for (const row of results) {
        const again = busy.find((b) => b.id === row.id);
        if (again && again.samples.length > 0) row.busy = busyFigures(row, again);
      }
    }
  } finally {
    clearTimeout(watchdog);
    await finish(ctx, results, started, { quick, partial: Boolean(only) });
  }
}

async function runSuites(ctx: BenchContext, only: string[] | undefined, results: MetricResult[]): Promise<void> {
  for (const suite of SUITES) {
    if (only && !only.includes(suite.key)) continue;
    const t0 = Date.now();
    const atStart = round2(os.loadavg()[0]!);
    let rows: MetricResult[];
    try {
      rows = await suite.run(ctx);
    } catch (error) {
      ctx.log(`${suite.key} failed: ${(error as Error).stack ?? error}`);
      rows = suite.rows.map((row) => unmeasured({ ...row, why: `the bench failed: ${(error as Error).message.split('\n')[0]}` }));
    }
    const loadAverage = { atStart, atEnd: round2(os.loadavg()[0]!) };
    for (const row of rows) results.push({ ...row, loadAverage });
    ctx.log(`${suite.key} done in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${atStart} → ${loadAverage.atEnd})`);
  }
}

async function finish(ctx: BenchContext, results: MetricResult[], started: number, run: { quick: boolean; partial: boolean }): Promise<void> {
  await ctx.close();
  results.sort((a, b) => rank(a.id) - rank(b.id));
  const seconds = Math.round((Date.now() - started) / 1000);
  const table = markdownTable(results);
  const notes = notesText(results);
  const m = machine();
  // The line the README's table is introduced with.
  const header = `Run of ${new Date().toISOString().slice(0, 10)} on ${m.cpus} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium}, Prosody ${m.prosody}.`;
  process.stdout.write(
    `\n${header}\n\n${table}\n\n${notes}\n\nBench took ${seconds} s${run.quick ? ' (quick: smaller data, fewer runs)' : ''}; load average ${round2(loadAtStart)} at the start, ${round2(os.loadavg()[0]!)} at the end.\n`,
  );
  const output = {
    date: new Date().toISOString(),
    quick: run.quick,
    partial: run.partial,
    durationSeconds: seconds,
    machine: m,
    /** Other work on the machine skews the figures: the 1-minute load average before and after. */
    loadAverage: { atStart: round2(loadAtStart), atEnd: round2(os.loadavg()[0]!) },
    prosodyDataOn: ctx.serverDir,
    results,
  };
  const file = run.quick || run.partial ? path.join(ctx.root, 'dist/bench/results.json') : path.join(ctx.root, 'bench/results.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  process.stdout.write(`Results written to ${path.relative(ctx.root, file)}.\n`);
}

let loadAtStart = Number.NaN;
const round2 = (n: number) => Math.round(n * 100) / 100;

function rank(id: string): number {
  const i = ORDER.indexOf(id);
  return i < 0 ? 1000 : i;
}

function machine(): Record<string, string | number> {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')[0]!
        .trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: version(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
    prosody: version('dpkg-query', ['-W', '-f=${Version}', 'prosody']),
  };
}

// xmpp.js 0.14 detaches its parser when the stream closes (or fails to parse) but keeps the
// socket's data listener: bytes that still arrive throw from inside the socket callback. Seen when
// a plain client stops after a long archive walk. Report it rather than lose the whole run.
process.on('uncaughtException', (error) => {
  if (error instanceof TypeError && /reading 'write'/.test(error.message) && /@xmpp\/connection/.test(error.stack ?? '')) {
    console.error(`[bench] ignored: socket data after xmpp.js detached its parser: ${error.message}`);
    return;
  }
  console.error(error);
  process.exit(1);
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
