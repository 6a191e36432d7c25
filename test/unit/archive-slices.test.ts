import { describe, expect, it } from 'vitest';
import { idSlices, openSlices, planSlices } from '../../src-main/core/archive/archive-slices';

const T = Date.parse('2026-11-20T10:00:00Z');
const s = (seconds: number) => T + seconds * 1000;

describe('archive catch-up slices', () => {
  it('splits the span into slices whose whole-second borders belong to both neighbours', () => {
    expect(planSlices('sid-50', s(0) + 400, s(100) + 900, 4)).toEqual([
      { after: 'sid-50', end: s(25) },
      { start: s(25), end: s(50) },
      { start: s(50), end: s(75) },
      { start: s(75) },
    ]);
  });

  it('covers every second from the first to the open end, with no hole between slices', () => {
    for (const span of [2, 3, 5, 7, 11, 1000]) {
      const slices = planSlices('a', s(0), s(span), 4);
      expect(slices[0]).toMatchObject({ after: 'a' });
      expect(slices.at(-1)!.end).toBeUndefined();
      for (let i = 1; i < slices.length; i++) expect(slices[i]!.start).toBe(slices[i - 1]!.end);
      expect(slices.length).toBe(Math.min(4, span));
    }
  });

  it('is one walk after the first page when the span is under two seconds or unknown', () => {
    expect(planSlices('a', s(0), s(1) + 999, 4)).toEqual([{ after: 'a' }]);
    expect(planSlices('a', undefined, s(10), 4)).toEqual([{ after: 'a' }]);
    expect(planSlices('a', s(0), undefined, 4)).toEqual([{ after: 'a' }]);
  });

  it('bounds the slices by the first id at each border instead, skipping borders with nothing after them', () => {
    expect(idSlices('S50', ['S100', 'S200', 'S300'])).toEqual([
      { after: 'S50', before: 'S100' },
      { after: 'S100', before: 'S200' },
      { after: 'S200', before: 'S300' },
      { after: 'S300' },
    ]);
    // No message between two borders: both probes found the same one. None after the last border.
    expect(idSlices('S50', ['S100', 'S100', undefined])).toEqual([{ after: 'S50', before: 'S100' }, { after: 'S100' }]);
    expect(idSlices('S50', [undefined, undefined])).toEqual([{ after: 'S50' }]);
  });

  it('resumes only the slices not done, as copies', () => {
    const stored = [
      { after: 'x', end: s(5), done: true },
      { start: s(5), after: 'y' },
    ];
    const open = openSlices(stored);
    expect(open).toEqual([{ start: s(5), after: 'y' }]);
    open[0]!.after = 'z';
    expect(stored[1]!.after).toBe('y');
  });
});
