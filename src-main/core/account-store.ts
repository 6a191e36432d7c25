import type { Preferences } from '../../src-shared/contract';

export interface StoredAccount {
  jid: string;
  server?: string;
  /** Only ever kept encrypted by the OS keyring (Electron's safeStorage). */
  password?: string;
}

/** Where the signed-in account is remembered between runs. */
export interface AccountStore {
  load(): Promise<StoredAccount | undefined>;
  save(account: StoredAccount): Promise<void>;
  clear(): Promise<void>;
  /** False when there is no keyring: then passwords are not kept at all, never in plain text. */
  canKeepPasswords(): boolean;
}

/** For the preview and tests: remembers for the life of the process, writes nothing to disk. */
export function memoryAccountStore(): AccountStore {
  let saved: StoredAccount | undefined;
  return {
    async load() {
      return saved && { ...saved };
    },
    async save(account) {
      saved = { ...account };
    },
    async clear() {
      saved = undefined;
    },
    canKeepPasswords: () => true,
  };
}

export interface PreferencesStore {
  load(): Promise<Partial<Preferences> | undefined>;
  save(preferences: Preferences): Promise<void>;
}

export function memoryPreferencesStore(): PreferencesStore {
  let saved: Preferences | undefined;
  return {
    async load() {
      return saved && { ...saved };
    },
    async save(preferences) {
      saved = { ...preferences };
    },
  };
}
