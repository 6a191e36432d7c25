import type { OpenLinkError, Result } from '../../../src-shared/contract';
import { safeExternalUrl } from '../external-links';
import { mergePreferences, migrateStoredPreferences, newlyMuted } from '../preferences';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/** The person's preferences (kept between runs) and the one thing the page may ask of the system: open a link. */
export function preferencesModule(ctx: CoreContext): CoreModule<'setPreferences' | 'openExternal'> {
  const { deps, state, feed, notifier } = ctx;
  return {
    name: 'preferences',
    async start() {
      state.preferences = mergePreferences(state.preferences, migrateStoredPreferences(await deps.preferences.load()));
      // The shell's tray language and close-to-tray come from snapshots (core-preferences.test.ts).
      feed.snapshotChanged();
    },
    snapshot: () => ({
      systemLocale: deps.systemLocale(),
      // The effective value, so Settings shows what closing the window will do.
      preferences: { ...deps.platformDefaults, ...state.preferences },
    }),
    commands: {
      async setPreferences(request) {
        const before = state.preferences;
        state.preferences = mergePreferences(before, request);
        for (const conversation of newlyMuted(before, state.preferences)) notifier.dismiss(conversation);
        await deps.preferences.save(state.preferences);
        feed.snapshotChanged();
      },
      async openExternal(request): Promise<Result<void, OpenLinkError>> {
        const url = safeExternalUrl(request?.url);
        if (!url) return { ok: false, error: 'refused' };
        await deps.openExternal(url);
        return { ok: true, value: undefined };
      },
    },
  };
}
