/** The first row (an element with data-key) at least partly visible, and its offset from the viewport top. */
export type Anchor = { key: string; offset: number } | undefined;

export function captureAnchor(scroller: HTMLElement): Anchor {
  const top = scroller.getBoundingClientRect().top;
  for (const row of scroller.querySelectorAll<HTMLElement>('[data-key]')) {
    const box = row.getBoundingClientRect();
    if (box.bottom > top) return { key: row.dataset.key ?? '', offset: box.top - top };
  }
  return undefined;
}

/** Scrolls so the anchored row is where it was; returns the new scrollTop. */
export function restoreAnchor(scroller: HTMLElement, anchor: Anchor): number {
  const row = anchor && scroller.querySelector<HTMLElement>(`[data-key="${CSS.escape(anchor.key)}"]`);
  if (anchor && row) scroller.scrollTop += row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.offset;
  return scroller.scrollTop;
}

/** Scrolls so `row` sits `margin` px below the viewport top (as far as the content allows); returns the new scrollTop. */
export function scrollRowToTop(scroller: HTMLElement, row: Element, margin = 8): number {
  scroller.scrollTop += row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - margin;
  return scroller.scrollTop;
}

/** The element a pin puts at the top: the "New messages" divider, or the row with that key. */
export function pinTarget(scroller: HTMLElement, pin: boolean | 'divider' | { key: string }): Element | null {
  if (pin === 'divider') return scroller.querySelector('[data-unread-divider]');
  if (typeof pin === 'object') return scroller.querySelector(`[data-key="${CSS.escape(pin.key)}"]`);
  return null;
}
