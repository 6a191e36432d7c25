import { max, median, percentile } from './stats';

/** How a target is judged: which statistic of the samples, compared how, with what. */
export interface Target {
  /** `p95` of a higher-is-better metric is its slow tail: the 5th percentile. */
  on: 'median' | 'p95' | 'max';
  op: '<=' | '>=' | '==';
  value: number;
}

export interface MetricResult {
  /** The row: '1a', '2', … */
  id: string;
  what: string;
  /** As the issue words it. */
  target: string;
  unit: string;
  better: 'lower' | 'higher';
  samples: number[];
  median: number;
  /** Tail: 95th percentile when lower is better, 5th when higher is better. */
  p95: number;
  /** The statistic the target is judged on. */
  judged: number | null;
  /** null: reported only (no target), or not measured. */
  pass: boolean | null;
  /** How the target is judged (absent: reported only). */
  rule?: Target;
  notes: string[];
  /** The machine's 1-minute load average when the row's suite started and ended. */
  loadAverage?: { atStart: number; atEnd: number };
  /**
   * The same row measured again with one core kept busy (`--busy`), judged against twice the
   * target (half of it where higher is better).
   */
  busy?: BusyFigures;
}

export interface BusyFigures {
  samples: number[];
  median: number;
  p95: number;
  judged: number | null;
  pass: boolean | null;
  loadAverage?: { atStart: number; atEnd: number };
}

/** The statistic a rule is judged on, and the verdict. */
function judge(samples: number[], better: 'lower' | 'higher', rule: Target | undefined): { tail: number; stat: number | null; pass: boolean | null } {
  const tail = better === 'lower' ? percentile(samples, 95) : percentile(samples, 5);
  const stat =
    rule && samples.length > 0
      ? rule.on === 'median'
        ? median(samples)
        : rule.on === 'max'
          ? better === 'lower'
            ? max(samples)
            : Math.min(...samples)
          : tail
      : null;
  let pass: boolean | null = null;
  if (rule && stat !== null) pass = rule.op === '<=' ? stat <= rule.value : rule.op === '>=' ? stat >= rule.value : stat === rule.value;
  return { tail, stat, pass };
}

/** A target `factor` times looser: higher for lower-is-better rows, lower for the others; exact ones stay. */
export function loosened(rule: Target, factor: number): Target {
  if (rule.op === '==') return rule;
  return { ...rule, value: rule.op === '<=' ? rule.value * factor : rule.value / factor };
}

/** The busy run's figures for a row measured quietly, judged against twice its target. */
export function busyFigures(quiet: MetricResult, busy: MetricResult): BusyFigures {
  const { tail, stat, pass } = judge(busy.samples, quiet.better, quiet.rule && loosened(quiet.rule, 2));
  return {
    samples: busy.samples,
    median: round(median(busy.samples)),
    p95: round(tail),
    judged: stat === null ? null : round(stat),
    pass,
    ...(busy.loadAverage ? { loadAverage: busy.loadAverage } : {}),
  };
}

export function measured(input: {
  id: string;
  what: string;
  target: string;
  unit: string;
  samples: number[];
  better?: 'lower' | 'higher';
  rule?: Target;
  notes?: string[];
}): MetricResult {
  const better = input.better ?? 'lower';
  const samples = input.samples.filter((s) => Number.isFinite(s));
  const { tail, stat, pass } = judge(samples, better, input.rule);
  return {
    id: input.id,
    what: input.what,
    target: input.target,
    unit: input.unit,
    better,
    samples: samples.map(round),
    median: round(median(samples)),
    p95: round(tail),
    judged: stat === null ? null : round(stat),
    pass,
    ...(input.rule ? { rule: input.rule } : {}),
    notes: input.notes ?? [],
  };
}

export function unmeasured(input: { id: string; what: string; target: string; unit: string; why: string }): MetricResult {
  return {
    id: input.id,
    what: input.what,
    target: input.target,
    unit: input.unit,
    better: 'lower',
    samples: [],
    median: Number.NaN,
    p95: Number.NaN,
    judged: null,
    pass: null,
    notes: [`not measured: ${input.why}`],
  };
}

function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  return abs >= 1000 ? Math.round(n) : abs >= 10 ? Math.round(n * 10) / 10 : Math.round(n * 100) / 100;
}

function figure(n: number, unit: string): string {
  if (!Number.isFinite(n)) return '–';
  const text = Math.abs(n) >= 10_000 ? Math.round(n).toLocaleString('en-US') : String(n);
  return unit === '×' ? `${text}×` : `${text} ${unit}`;
}

const verdict = (r: { pass: boolean | null; samples: number[] }) => (r.pass === null ? (r.samples.length ? 'info' : 'n/a') : r.pass ? 'PASS' : 'FAIL');

/**
 * The table as Markdown (printed and put in the README): the quiet run's figures, then the busy
 * run's (`--busy`: one core kept busy; judged against twice the target), '–' where not run.
 */
export function markdownTable(results: MetricResult[]): string {
  const rows = results.map((r) => [
    r.id,
    r.what,
    r.target,
    figure(r.median, r.unit),
    figure(r.p95, r.unit),
    String(r.samples.length),
    verdict(r),
    r.busy ? figure(r.busy.median, r.unit) : '–',
    r.busy ? figure(r.busy.p95, r.unit) : '–',
    r.busy ? verdict(r.busy) : '–',
  ]);
  const header = ['#', 'metric', 'target', 'median', 'p95', 'n', 'result', 'busy median', 'busy p95', 'busy (≤ 2× target)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function notesText(results: MetricResult[]): string {
  return results
    .filter((r) => r.notes.length > 0)
    .map((r) => `- **${r.id}** ${r.notes.join(' ')}`)
    .join('\n');
}
