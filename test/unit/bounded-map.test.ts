import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src-main/core/bounded-map';

describe('BoundedMap', () => {
  it('forgets the oldest key first, once over its capacity', () => {
    const map = new BoundedMap<string, number>(3);
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ] as const)
      map.remember(key, value);
    expect([map.has('a'), map.has('b'), map.get('c'), map.get('d'), map.get('e'), map.size]).toEqual([false, false, 3, 4, 5, 3]);
  });

  it('keeps a key remembered again with its first value and its place', () => {
    const map = new BoundedMap<string, number>(2);
    map.remember('a', 1);
    map.remember('b', 2);
    map.remember('a', 9);
    map.remember('c', 3);
    expect([map.has('a'), map.get('b'), map.get('c')]).toEqual([false, 2, 3]);
  });

  it('stays fast when it forgets on every insertion', () => {
    const keys = Array.from({ length: 400_000 }, (_, i) => `sid-${i}`);
    const timed = (work: () => void) => {
      const started = performance.now();
      work();
      return performance.now() - started;
    };
    const map = new BoundedMap<string, number>(20_000);
    const plain = new Map<string, number>();
    const plainTime = timed(() => keys.forEach((key, i) => plain.set(key, i)));
    const boundedTime = timed(() => keys.forEach((key, i) => map.remember(key, i)));
    // Compared with a Map that forgets nothing, in the same run whatever the machine's load:
    // iterating a Map for its first key took over thirty times as long here (deleted entries are
    // skipped one by one).
    expect(boundedTime).toBeLessThan(plainTime * 10 + 50);
    expect([map.has('sid-379999'), map.get('sid-380000'), map.get('sid-399999'), map.size]).toEqual([false, 380_000, 399_999, 20_000]);
  });

  it('starts empty again after clear', () => {
    const map = new BoundedMap<string, number>(2);
    map.remember('a', 1);
    map.clear();
    map.remember('b', 2);
    map.remember('c', 3);
    map.remember('d', 4);
    expect([map.has('b'), map.get('c'), map.get('d')]).toEqual([false, 3, 4]);
  });
});
