import { describe, expect, it } from 'vitest';
import { dayRelation, startOfDay, UNREAD_DIVIDER_KEY, withDaySeparators } from '../../src-renderer/ui/day-groups';

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const msg = (key: string, timestamp: number) => ({ key, timestamp });

describe('withDaySeparators', () => {
  it('is empty for no messages', () => {
    expect(withDaySeparators([])).toEqual([]);
  });

  it('puts one separator before the first message and one per new day', () => {
    const a = msg('a', at(2025, 3, 1, 9));
    const b = msg('b', at(2025, 3, 1, 23, 59));
    const c = msg('c', at(2025, 3, 2, 0, 0));
    const d = msg('d', at(2025, 3, 5, 8));
    const items = withDaySeparators([a, b, c, d]);
    expect(items.map((i) => i.key)).toEqual([`day:${at(2025, 3, 1, 0)}`, 'a', 'b', `day:${at(2025, 3, 2, 0)}`, 'c', `day:${at(2025, 3, 5, 0)}`, 'd']);
    expect(items[0]).toEqual({ kind: 'day', key: `day:${at(2025, 3, 1, 0)}`, day: at(2025, 3, 1, 0) });
    expect(items[1]).toEqual({ kind: 'message', key: 'a', message: a });
  });

  it('keeps separator keys stable when rows are trimmed', () => {
    const rows = [msg('a', at(2025, 1, 1)), msg('b', at(2025, 1, 2)), msg('c', at(2025, 1, 2, 13))];
    const full = withDaySeparators(rows).map((i) => i.key);
    const trimmed = withDaySeparators(rows.slice(1)).map((i) => i.key);
    expect(full.slice(2)).toEqual(trimmed);
  });
});

describe('the "New messages" divider', () => {
  it('goes right before the first unread message, after its day separator', () => {
    const rows = [msg('a', at(2025, 1, 1)), msg('b', at(2025, 1, 2)), msg('c', at(2025, 1, 2, 13))];
    expect(withDaySeparators(rows, 'c').map((i) => i.kind)).toEqual(['day', 'message', 'day', 'message', 'unread', 'message']);
    expect(withDaySeparators(rows, 'b').map((i) => i.key)).toEqual([`day:${at(2025, 1, 1, 0)}`, 'a', `day:${at(2025, 1, 2, 0)}`, UNREAD_DIVIDER_KEY, 'b', 'c']);
  });

  it('is absent when its message is not in the window, or there is none', () => {
    const rows = [msg('a', at(2025, 1, 1))];
    expect(withDaySeparators(rows, 'gone').some((i) => i.kind === 'unread')).toBe(false);
    expect(withDaySeparators(rows).some((i) => i.kind === 'unread')).toBe(false);
  });
});

describe('dayRelation', () => {
  const now = at(2025, 3, 31, 10);
  it.each([
    [startOfDay(now), 'today'],
    [startOfDay(at(2025, 3, 30)), 'yesterday'],
    [startOfDay(at(2025, 3, 29)), 'other'],
    [startOfDay(at(2025, 4, 1)), 'other'],
  ] as const)('%i is %s', (day, expected) => {
    expect(dayRelation(day, now)).toBe(expected);
  });

  it('handles the first of the month', () => {
    expect(dayRelation(startOfDay(at(2025, 2, 28)), at(2025, 3, 1, 0, 30))).toBe('yesterday');
  });
});
