import type { StoredMessage } from '../history';
import { countsAsVisible, type VisibleMessage } from './read-policy';

/** Ratios from 0 to 1 in steps of 0.02: fine enough that "100 px of a tall row" is noticed near 100 px. */
const THRESHOLDS = Array.from({ length: 51 }, (_, i) => i / 50);

/**
 * Rule 4 of the read rules for one message list: an IntersectionObserver rooted at the list's
 * scroller watches the incoming rows (`.message.in[data-key]`) and keeps, per row key, since when
 * it has counted as visible (half of it, or 100 px of a tall one).
 */
export class VisibilityTracker {
  private readonly observer: IntersectionObserver;
  private readonly observed = new Map<Element, string>();
  private readonly since = new Map<string, number>();

  constructor(
    private readonly root: HTMLElement,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {
    this.observer = new IntersectionObserver((entries) => this.update(entries), { root, threshold: THRESHOLDS });
  }

  /** The given rows (the list's current data, with their read state) that are in view, and since when. */
  inView(rows: readonly StoredMessage[]): VisibleMessage[] {
    return rows.flatMap((row) => {
      const since = this.since.get(row.key);
      return since === undefined ? [] : [{ ...row, since }];
    });
  }

  /** Starts watching rows that appeared in the list and stops watching rows that left it. */
  sync(): void {
    const present = new Set<Element>();
    for (const row of this.root.querySelectorAll<HTMLElement>('.message.in[data-key]')) {
      present.add(row);
      if (this.observed.has(row)) continue;
      this.observed.set(row, row.dataset.key ?? '');
      this.observer.observe(row);
    }
    let changed = false;
    for (const [row, key] of this.observed) {
      if (present.has(row)) continue;
      this.observer.unobserve(row);
      this.observed.delete(row);
      changed = this.since.delete(key) || changed;
    }
    if (changed) this.onChange();
  }

  dispose(): void {
    this.observer.disconnect();
    this.observed.clear();
    this.since.clear();
  }

  private update(entries: IntersectionObserverEntry[]): void {
    const now = this.now();
    let changed = false;
    for (const entry of entries) {
      const key = this.observed.get(entry.target);
      if (key === undefined) continue;
      const visible = countsAsVisible({
        isIntersecting: entry.isIntersecting,
        intersectionRatio: entry.intersectionRatio,
        intersectionHeight: entry.intersectionRect.height,
      });
      if (visible && !this.since.has(key)) {
        this.since.set(key, now);
        changed = true;
      } else if (!visible && this.since.delete(key)) {
        changed = true;
      }
    }
    if (changed) this.onChange();
  }
}
