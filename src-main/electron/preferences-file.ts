import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Preferences } from '../../src-shared/contract';
import type { PreferencesStore } from '../core/account-store';

/** `preferences.json` under userData; a missing or unreadable file means the defaults. */
export function preferencesFile(userDataDir: string): PreferencesStore {
  const file = path.join(userDataDir, 'preferences.json');
  return {
    async load() {
      try {
        // The core validates every field (mergePreferences) before using any of it.
        return JSON.parse(await readFile(file, 'utf8')) as Partial<Preferences>;
      } catch {
        return undefined;
      }
    },
    async save(preferences) {
      await writeFile(`${file}.tmp`, JSON.stringify(preferences));
      await rename(`${file}.tmp`, file);
    },
  };
}
