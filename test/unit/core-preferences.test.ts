import { expect, it } from 'vitest';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { GlanceCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';

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
