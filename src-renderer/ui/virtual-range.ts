/** Which rows of a long list of equal-height rows to put in the DOM: those in view, and a few either side. */
export interface VirtualRange {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

export function virtualRange(o: { scrollTop: number; viewport: number; rowHeight: number; count: number; overscan: number }): VirtualRange {
  if (o.count === 0 || o.rowHeight <= 0) return { start: 0, end: Math.min(o.count, o.overscan) };
  const first = Math.floor(Math.max(0, o.scrollTop) / o.rowHeight);
  const last = Math.ceil((Math.max(0, o.scrollTop) + Math.max(0, o.viewport)) / o.rowHeight);
  const start = Math.min(Math.max(0, first - o.overscan), Math.max(0, o.count - 1));
  return { start, end: Math.max(start, Math.min(o.count, last + o.overscan)) };
}

/** The scrollTop that brings row `index` fully into view, or undefined when it already is. */
export function scrollToReveal(index: number, o: { scrollTop: number; viewport: number; rowHeight: number }): number | undefined {
  const top = index * o.rowHeight;
  const bottom = top + o.rowHeight;
  if (top < o.scrollTop) return top;
  if (bottom > o.scrollTop + o.viewport) return bottom - o.viewport;
  return undefined;
}
