import { describe, expect, it } from 'vitest';
import type { Preferences, Snapshot } from '../../src-shared/contract';
import { memoryAccountStore, memoryPreferencesStore, type PreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';
import { DEFAULT_PREFERENCES, mergePreferences, migratedMuteKey, migrateStoredPreferences } from '../../src-main/core/preferences';

/** A core whose preferences are kept in `preferences`, with the system in English. */
function coreWith(preferences: PreferencesStore, platformDefaults?: { closeToTray: boolean }): GlanceCore {
  return new GlanceCore({
    accounts: memoryAccountStore(),
    preferences,
    log: silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async () => undefined,
    platformDefaults,
  });
}

it('shows the platform’s close-to-tray default until the person sets it, and stores only what they set', async () => {
  const preferences = memoryPreferencesStore();
  const core = coreWith(preferences, { closeToTray: true });
  await core.start();
  expect((await core.getSnapshot()).preferences.closeToTray).toBe(true);
  await core.setPreferences({ sendReadMarkers: false });
  expect(await preferences.load()).not.toHaveProperty('closeToTray');
  await core.setPreferences({ closeToTray: false });
  expect((await core.getSnapshot()).preferences.closeToTray).toBe(false);
  expect(await preferences.load()).toMatchObject({ closeToTray: false, sendReadMarkers: false });
  await core.stop();
});

it.each<[string, Preferences['locale'], unknown, Preferences['locale']]>([
  ['sets Simplified Chinese', undefined, { locale: 'zh-CN' }, 'zh-CN'],
  ['sets English', 'zh-CN', { locale: 'en' }, 'en'],
  ['"system" removes the choice', 'zh-CN', { locale: 'system' }, undefined],
  ['keeps the choice when the update has none', 'zh-CN', { sendReadMarkers: false }, 'zh-CN'],
  ['ignores a language Glance does not speak', 'en', { locale: 'fr' }, 'en'],
  ['ignores a tag that is not one of its own', 'en', { locale: 'zh' }, 'en'],
  ['ignores another case', 'en', { locale: 'ZH-cn' }, 'en'],
  ['ignores a number', 'zh-CN', { locale: 42 }, 'zh-CN'],
  ['ignores null', 'zh-CN', { locale: null }, 'zh-CN'],
])('language preference: %s', (_name, before, update, expected) => {
  const current: Preferences = { ...DEFAULT_PREFERENCES, ...(before ? { locale: before } : {}) };
  const next = mergePreferences(current, update);
  expect(next.locale).toBe(expected);
  if (expected === undefined) expect(next).not.toHaveProperty('locale');
});

it('keeps the language choice, tells the shell once preferences are loaded, and forgets it on "system"', async () => {
  const preferences = memoryPreferencesStore();
  await preferences.save({ ...DEFAULT_PREFERENCES, locale: 'zh-CN' });
  const core = coreWith(preferences);
  const snapshots: Snapshot[] = [];
  core.on('snapshot', (snapshot) => snapshots.push(snapshot));
  await core.start();
  await new Promise((resolve) => setImmediate(resolve));
  expect(snapshots.at(-1)?.preferences.locale).toBe('zh-CN');
  await core.setPreferences({ locale: 'system' });
  expect(await preferences.load()).not.toHaveProperty('locale');
  expect((await core.getSnapshot()).preferences).not.toHaveProperty('locale');
  await core.setPreferences({ locale: 'en' });
  expect(await preferences.load()).toMatchObject({ locale: 'en' });
  await core.stop();
});

describe('mutes kept by older versions, keyed by bare JID', () => {
  it.each<[string, string, string | undefined]>([
    ['a bare JID becomes a chat', 'alice@example.org', 'chat:alice@example.org'],
    ['written in capitals: the address Glance keeps', 'Alice@Example.org', 'chat:alice@example.org'],
    ['already a chat key', 'chat:alice@example.org', 'chat:alice@example.org'],
    ['already a room key', 'room:hall@rooms.example.org', 'room:hall@rooms.example.org'],
    ['a full JID is junk', 'alice@example.org/phone', undefined],
    ['a server is no contact', 'example.org', undefined],
    ['a lookalike with a trailing space', 'alice@example.org ', undefined],
    ['a key of no kind', 'channel:alice@example.org', undefined],
    ['a chat key without an address', 'chat:', undefined],
    ['a chat key with a full JID', 'chat:alice@example.org/phone', undefined],
    ['not an address at all', 'not a jid', undefined],
  ])('%s: %j', (_, key, expected) => {
    expect(migratedMuteKey(key)).toBe(expected);
  });

  it('rewrites the keys of a stored file, dropping junk and keeping everything else', () => {
    const stored = { sendReadMarkers: false, mutes: { 'alice@example.org': 'all', 'x y': 'all', 'chat:bob@example.org': 'mentions' } };
    expect(migrateStoredPreferences(stored)).toEqual({
      sendReadMarkers: false,
      mutes: { 'chat:alice@example.org': 'all', 'chat:bob@example.org': 'mentions' },
    });
    expect(migrateStoredPreferences(undefined)).toBeUndefined();
    expect(migrateStoredPreferences({ sendReadMarkers: true })).toEqual({ sendReadMarkers: true });
  });

  it('a core loading an old file keeps its mutes, and takes new ones only keyed by conversation', async () => {
    const preferences = memoryPreferencesStore();
    await preferences.save({ ...DEFAULT_PREFERENCES, mutes: { 'alice@example.org': 'all', junk: 'all' } as Preferences['mutes'] });
    const core = coreWith(preferences);
    await core.start();
    expect((await core.getSnapshot()).preferences.mutes).toEqual({ 'chat:alice@example.org': 'all' });
    await core.setPreferences({
      mutes: { 'bob@example.org': 'all', 'chat:carol@example.org': 'mentions', 'chat:alice@example.org': 'none' } as Preferences['mutes'],
    });
    expect((await core.getSnapshot()).preferences.mutes).toEqual({ 'chat:carol@example.org': 'mentions' });
    expect((await preferences.load())?.mutes).toEqual({ 'chat:carol@example.org': 'mentions' });
    await core.stop();
  });
});

it('keeps a room’s "All messages" (its default may be mentions only) but drops a chat’s "none"', () => {
  const next = mergePreferences(
    { ...DEFAULT_PREFERENCES, mutes: { 'chat:alice@example.org': 'all' } },
    { mutes: { 'chat:alice@example.org': 'none', 'room:hall@rooms.example.org': 'none', 'room:team@rooms.example.org': 'mentions' } },
  );
  expect(next.mutes).toEqual({ 'room:hall@rooms.example.org': 'none', 'room:team@rooms.example.org': 'mentions' });
});

it('takes "show pictures in group chats" only as a yes or no, and it starts unset (no)', () => {
  expect(DEFAULT_PREFERENCES.roomPictures).toBeUndefined();
  expect(mergePreferences(DEFAULT_PREFERENCES, { roomPictures: true }).roomPictures).toBe(true);
  expect(mergePreferences({ ...DEFAULT_PREFERENCES, roomPictures: true }, { roomPictures: 'yes' }).roomPictures).toBe(true);
  expect(mergePreferences({ ...DEFAULT_PREFERENCES, roomPictures: true }, { roomPictures: false }).roomPictures).toBe(false);
});
