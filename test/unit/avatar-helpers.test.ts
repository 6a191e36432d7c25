import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fitAvatar } from '../../src-renderer/app/resize-avatar';
import { consistentColor, hueOf, initialsOf } from '../../src-renderer/ui/profiles/consistent-color';
import { sha1 } from '../../src-renderer/ui/profiles/sha1';

describe('XEP-0392 consistent colour', () => {
  it.each(['', 'abc', 'juliet@capulet.lit', '张三@example.cn', 'x'.repeat(200)])('hashes %j as Node does', (text) => {
    expect(Buffer.from(sha1(text)).toString('hex')).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
  });

  // XEP-0392 §13.1 test vectors: the hue angle of each input.
  it.each([
    ['Romeo', 327.255249],
    ['juliet@capulet.lit', 209.4104],
    ['😺', 331.199341],
    ['council', 359.994507],
  ])('gives %j the hue %f', (input, angle) => {
    expect(hueOf(input)).toBeCloseTo(angle, 3);
  });

  it('is a colour of that hue', () => {
    expect(consistentColor('Romeo')).toBe('hsl(327.3 70% 32%)');
  });
});

describe('initials and avatar size', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada', 'A'],
    ['bob.smith@example.org', 'BS'],
    ['张三', '张'],
    ['  ', '?'],
  ])('%j → %j', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });

  it('scales down to fit 192×192, never up, keeping the aspect', () => {
    expect(fitAvatar(400, 300)).toEqual({ width: 192, height: 144 });
    expect(fitAvatar(100, 1000)).toEqual({ width: 19, height: 192 });
    expect(fitAvatar(64, 64)).toEqual({ width: 64, height: 64 });
  });
});
