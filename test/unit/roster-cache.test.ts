import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryRosterCache, parseCachedRoster, rosterCacheFiles, type CachedRoster } from '../../src-main/core/roster-cache';

const ROMEO = { jid: 'romeo@montague.lit', name: 'Romeo', subscription: 'both', pending: false, groups: ['Verona'] } as const;
const roster = (ver: string | undefined, names: string[]): CachedRoster => ({
  ver,
  items: names.map((name) => ({ ...ROMEO, jid: `${name}@montague.lit`, name, groups: [...ROMEO.groups] })),
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'glance-rosters-'));
  dirs.push(dir);
  return path.join(dir, 'rosters');
};

describe('roster cache in files', () => {
  it('keeps each account apart, across instances (a restart), and forgets one on request', async () => {
    const dir = freshDir();
    const cache = rosterCacheFiles(dir);
    await cache.save('juliet@capulet.lit', roster('3', ['romeo']));
    await cache.save('nurse@capulet.lit', roster('9', ['juliet', 'peter']));
    const restarted = rosterCacheFiles(dir);
    expect(await restarted.load('juliet@capulet.lit')).toEqual(roster('3', ['romeo']));
    expect(await restarted.load('nurse@capulet.lit')).toEqual(roster('9', ['juliet', 'peter']));
    await restarted.forget('juliet@capulet.lit');
    expect(await restarted.load('juliet@capulet.lit')).toBeUndefined();
    expect(await restarted.load('nurse@capulet.lit')).toBeDefined();
    // Only the owner reads it, and no address appears in a file name.
    const files = readdirSync(dir);
    expect(files.join(' ')).not.toContain('capulet');
    expect(statSync(path.join(dir, files[0]!)).mode & 0o077).toBe(0);
  });

  it('writes a burst of saves in order, ending with the newest', async () => {
    const cache = rosterCacheFiles(freshDir());
    const saves = Array.from({ length: 20 }, (_, i) => cache.save('juliet@capulet.lit', roster(String(i), [`c${i}`])));
    await Promise.all(saves);
    expect(await cache.load('juliet@capulet.lit')).toEqual(roster('19', ['c19']));
  });

  it('treats a damaged or foreign file as no cache', async () => {
    const dir = freshDir();
    const cache = rosterCacheFiles(dir);
    await cache.save('juliet@capulet.lit', roster('3', ['romeo']));
    const [file] = readdirSync(dir);
    writeFileSync(path.join(dir, file!), readFileSync(path.join(dir, file!), 'utf8').slice(0, 20));
    expect(await cache.load('juliet@capulet.lit')).toBeUndefined();
    expect(await cache.load('nobody@capulet.lit')).toBeUndefined();
  });
});

describe('parseCachedRoster', () => {
  it.each([
    ['not an object', 'roster'],
    ['a numeric version', { ver: 3, items: [] }],
    ['items missing', { ver: '3' }],
    ['an item without an address', { ver: '3', items: [{ ...ROMEO, jid: 'not an address' }] }],
    ['an unknown subscription', { ver: '3', items: [{ ...ROMEO, subscription: 'remove' }] }],
    ['groups that are not names', { ver: '3', items: [{ ...ROMEO, groups: [1] }] }],
  ])('refuses %s', (_, value) => {
    expect(parseCachedRoster(value)).toBeUndefined();
  });

  it('reads a roster without a version (the next sign-in fetches it whole)', () => {
    expect(parseCachedRoster({ items: [ROMEO] })).toEqual({ ver: undefined, items: [ROMEO] });
  });
});

describe('roster cache in memory', () => {
  it('hands out copies, so a later change to the roster does not change what was saved', async () => {
    const cache = memoryRosterCache();
    const saved = roster('1', ['romeo']);
    await cache.save('juliet@capulet.lit', saved);
    saved.items[0]!.groups.push('Mantua');
    expect(await cache.load('juliet@capulet.lit')).toEqual(roster('1', ['romeo']));
  });
});
