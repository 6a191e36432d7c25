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

  it('keeps exactly the newest keys through many insertions past its capacity', () => {
    const map = new BoundedMap<string, number>(20_000);
    for (let i = 0; i < 400_000; i++) map.remember(`sid-${i}`, i);
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
