import { Session } from 'node:inspector/promises';
import type { Page } from 'playwright-core';

/** A V8 CPU profile, as both Node's inspector and Chromium's DevTools protocol return it. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** The functions with the most self time, as one line of text (for a metric's notes). */
export function summarize(label: string, profile: CpuProfile, top = 8): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').slice(-2).join('/') || '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    total += micros;
  }
  const ranked = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
  const parts = ranked.map(([name, micros]) => `${name} ${((100 * micros) / Math.max(1, total)).toFixed(1)}%`);
  return `Profile of ${label} (${(total / 1000).toFixed(0)} ms sampled), top self time: ${parts.join('; ')}.`;
}

/** Runs `work` under Node's CPU profiler (this process: the core's side). */
export async function profileNode(label: string, work: () => Promise<void>): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const failed = await work().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    if (failed) throw failed.error;
    return summarize(`${label} (Node)`, profile);
  } finally {
    session.disconnect();
  }
}

/** Runs `work` with Chromium's CPU profiler on `page` (the renderer's side). */
export async function profilePage(label: string, page: Page, work: () => Promise<void>): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await work();
    const { profile } = await cdp.send('Profiler.stop');
    return summarize(`${label} (renderer)`, profile as unknown as CpuProfile);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface PageTimes {
  /** Main-thread busy time (ms): every task the renderer ran. */
  task: number;
  script: number;
  layout: number;
  style: number;
  /** JS heap in use (MB), without forcing a collection. */
  heapMB: number;
}

/** Chromium's own counters for a page (CDP Performance domain): busy time by kind, heap. */
export async function pageTimes(page: Page): Promise<() => Promise<PageTimes>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return {
      task: get('TaskDuration') * 1000,
      script: get('ScriptDuration') * 1000,
      layout: get('LayoutDuration') * 1000,
      style: get('RecalcStyleDuration') * 1000,
      heapMB: get('JSHeapUsedSize') / 2 ** 20,
    };
  };
}

export function timesBetween(a: PageTimes, b: PageTimes): PageTimes {
  return { task: b.task - a.task, script: b.script - a.script, layout: b.layout - a.layout, style: b.style - a.style, heapMB: b.heapMB };
}
