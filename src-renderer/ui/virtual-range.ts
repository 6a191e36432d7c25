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

/** A row of a list whose rows are kept by position: the entry it shows, or showed last when `vacant`. */
export interface RowSlot<T> {
  entry: T;
  /** Past the entries shown: kept (invisible) for the next change, not removed. */
  vacant: boolean;
}

/**
 * The row slots for `shown`: one per entry shown, then the previous slots past them kept vacant,
 * up to `capacity` (the rows the view holds when full), so a change that shortens the list and the
 * next that lengthens it again neither remove nor build rows (bench #15b). A slot whose entry and
 * vacancy did not change is the previous object itself, so its row does no work. Nothing shown
 * keeps the previous slots as they are (the list hides them as a whole), so a filter that matches
 * nobody, then what it matched before, changes no row at all. Guarded by
 * test/unit/virtual-range.test.ts.
 */
export function rowSlots<T>(previous: readonly RowSlot<T>[], shown: readonly T[], capacity: number): RowSlot<T>[] {
  if (shown.length === 0) return previous as RowSlot<T>[];
  const count = Math.max(shown.length, Math.min(previous.length, capacity));
  const slots: RowSlot<T>[] = [];
  for (let j = 0; j < count; j++) {
    const last = previous[j];
    const vacant = j >= shown.length;
    const entry = vacant ? last!.entry : shown[j]!;
    slots.push(last !== undefined && last.entry === entry && last.vacant === vacant ? last : { entry, vacant });
  }
  return slots;
}
