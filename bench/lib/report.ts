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
  notes: string[];
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
  const tail = better === 'lower' ? percentile(samples, 95) : percentile(samples, 5);
  const stat =
    input.rule && samples.length > 0
      ? input.rule.on === 'median'
        ? median(samples)
        : input.rule.on === 'max'
          ? better === 'lower'
            ? max(samples)
            : Math.min(...samples)
          : tail
      : null;
  let pass: boolean | null = null;
  if (input.rule && stat !== null) {
    const { op, value } = input.rule;
    pass = op === '<=' ? stat <= value : op === '>=' ? stat >= value : stat === value;
  }
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

const verdict = (r: MetricResult) => (r.pass === null ? (r.samples.length ? 'info' : 'n/a') : r.pass ? 'PASS' : 'FAIL');

/** The table as Markdown (printed and put in the README). */
export function markdownTable(results: MetricResult[]): string {
  const rows = results.map((r) => [r.id, r.what, r.target, figure(r.median, r.unit), figure(r.p95, r.unit), String(r.samples.length), verdict(r)]);
  const header = ['#', 'metric', 'target', 'median', 'p95', 'n', 'result'];
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
