import { expect, it } from 'vitest';
import type { Preferences, Snapshot } from '../../src-shared/contract';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';
import { DEFAULT_PREFERENCES, mergePreferences } from '../../src-main/core/preferences';

it('shows the platform’s close-to-tray default until the person sets it, and stores only what they set', async () => {
  const preferences = memoryPreferencesStore();
  const core = new GlanceCore({
    accounts: memoryAccountStore(),
    preferences,
    log: silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async () => undefined,
    platformDefaults: { closeToTray: true },
  });
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
  const core = new GlanceCore({
    accounts: memoryAccountStore(),
    preferences,
    log: silentLogger,
    systemLocale: () => 'en-US',
    openExternal: async () => undefined,
  });
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
