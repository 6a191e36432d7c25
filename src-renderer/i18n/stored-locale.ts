import { isLocale, type Locale } from '../../src-shared/i18n';

/** Where versions before the language preference kept the choice: the page's localStorage. */
const STORAGE_KEY = 'glance.locale';

/**
 * Moves a language choice kept in the page's storage into the core's preferences, once: it is
 * saved when the core has none (a choice the core already holds wins), then removed either way.
 * Guarded by test/unit/i18n.test.ts ("moves the old stored choice").
 */
export async function migrateStoredLocale(
  preference: Locale | undefined,
  storage: () => Pick<Storage, 'getItem' | 'removeItem'>,
  save: (locale: Locale) => Promise<void>,
): Promise<void> {
  let stored: string | null;
  try {
    stored = storage().getItem(STORAGE_KEY);
  } catch {
    return; // Storage may be unavailable (private mode): there is nothing to move.
  }
  if (stored === null) return;
  if (preference === undefined && isLocale(stored)) await save(stored);
  try {
    storage().removeItem(STORAGE_KEY);
  } catch {
    // Left in place, it is only looked at again while the core has no choice of its own.
  }
}
