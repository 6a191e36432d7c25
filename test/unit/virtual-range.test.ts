import { describe, expect, it } from 'vitest';
import { rowSlots, scrollToReveal, virtualRange, type RowSlot } from '../../src-renderer/ui/virtual-range';

describe('virtualRange', () => {
  it.each([
    ['top of a long list', { scrollTop: 0, viewport: 580, rowHeight: 58, count: 500, overscan: 4 }, { start: 0, end: 14 }],
    ['scrolled into the middle', { scrollTop: 58 * 100 + 20, viewport: 580, rowHeight: 58, count: 500, overscan: 4 }, { start: 96, end: 115 }],
    ['the end', { scrollTop: 58 * 490, viewport: 580, rowHeight: 58, count: 500, overscan: 4 }, { start: 486, end: 500 }],
    ['a short list: all of it', { scrollTop: 0, viewport: 580, rowHeight: 58, count: 3, overscan: 4 }, { start: 0, end: 3 }],
    ['empty', { scrollTop: 0, viewport: 580, rowHeight: 58, count: 0, overscan: 4 }, { start: 0, end: 0 }],
    ['not measured yet: the first few', { scrollTop: 0, viewport: 0, rowHeight: 0, count: 500, overscan: 4 }, { start: 0, end: 4 }],
    ['scrolled past the end (list shrank)', { scrollTop: 58 * 600, viewport: 580, rowHeight: 58, count: 500, overscan: 4 }, { start: 499, end: 500 }],
  ])('%s', (_, input, expected) => {
    expect(virtualRange(input)).toEqual(expected);
  });
});

describe('scrollToReveal', () => {
  it('scrolls up to a row above, down to one below, not at all for one in view', () => {
    const view = { scrollTop: 580, viewport: 580, rowHeight: 58 };
    expect(scrollToReveal(5, view)).toBe(290);
    expect(scrollToReveal(20, view)).toBe(58 * 21 - 580);
    expect(scrollToReveal(12, view)).toBeUndefined();
  });
});

describe('rowSlots', () => {
  const shows = (slots: RowSlot<string>[]) => slots.map((s) => (s.vacant ? `(${s.entry})` : s.entry));

  it('keeps rows past the entries shown as vacant ones with their last entry, up to the capacity', () => {
    const full = rowSlots([], ['a', 'b', 'c', 'd'], 4);
    expect(shows(full)).toEqual(['a', 'b', 'c', 'd']);
    const shortened = rowSlots(full, ['x', 'b'], 4);
    expect(shows(shortened)).toEqual(['x', 'b', '(c)', '(d)']);
    expect(shows(rowSlots(shortened, ['x', 'b', 'y', 'z'], 4))).toEqual(['x', 'b', 'y', 'z']);
    expect(shows(rowSlots(shortened, ['x'], 2))).toEqual(['x', '(b)']);
    expect(shows(rowSlots(shortened, ['p', 'q', 'r', 's', 't'], 2))).toEqual(['p', 'q', 'r', 's', 't']);
  });

  it('keeps every slot as it was when nothing is shown (the list hides them as a whole)', () => {
    const full = rowSlots([], ['a', 'b'], 4);
    expect(rowSlots(full, [], 4)).toBe(full);
    expect(rowSlots([], [], 4)).toEqual([]);
  });

  it('hands back the same slot for a row that did not change, a new one for a row that did', () => {
    const before = rowSlots([], ['a', 'b', 'c'], 3);
    const after = rowSlots(before, ['a', 'x'], 3);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(rowSlots(after, ['a', 'x'], 3)[2]).toBe(after[2]);
  });
});
