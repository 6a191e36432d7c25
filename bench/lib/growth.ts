import { measured, type MetricResult } from './report';

/** Growth worse than linear: the per-item cost at the largest size over the smallest's. */
export const LINEAR_LIMIT = 1.5;

/**
 * Item 4 of issue 15: a cost measured at several sizes, printed per item at each size; the row's
 * figure is the largest size's per-item cost over the smallest's, flagged (FAIL) above
 * LINEAR_LIMIT. `costs[i]` is the whole cost (ms) at `sizes[i]`.
 */
export function growthRow(input: { id: string; what: string; item: string; sizes: number[]; costs: number[]; notes?: string[] }): MetricResult {
  const perItem = input.costs.map((cost, i) => cost / input.sizes[i]!);
  const ratio = perItem.at(-1)! / perItem[0]!;
  const sizes = input.sizes.map((n) => n.toLocaleString('en-US')).join(' / ');
  const costs = perItem.map((c) => (c >= 1 ? c.toFixed(2) : `${(c * 1000).toFixed(0)} µs`).replace(/^(\d+\.\d+)$/, '$1 ms')).join(' / ');
  return measured({
    id: input.id,
    what: `${input.what}, per ${input.item} at ${sizes}: ${costs}`,
    target: `≤ ${LINEAR_LIMIT}× (linear)`,
    unit: '×',
    samples: [ratio],
    rule: { on: 'median', op: '<=', value: LINEAR_LIMIT },
    notes: [
      `Whole cost at each size: ${input.costs.map((c, i) => `${input.sizes[i]!.toLocaleString('en-US')} → ${c.toFixed(0)} ms`).join(', ')}; the figure is the per-${input.item} cost at the largest size ÷ at the smallest (above ${LINEAR_LIMIT}× is flagged as worse than linear).`,
      ...(input.notes ?? []),
    ],
  });
}
