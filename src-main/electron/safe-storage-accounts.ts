import { safeStorage } from 'electron';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AccountStore, StoredAccount } from '../core/account-store';

interface AccountFile {
  jid: string;
  server?: string;
  /** base64 of safeStorage.encryptString(password). */
  encryptedPassword?: string;
}

/**
 * Remembers the account in `account.json` under userData. The password is only ever written as
 * safeStorage ciphertext; on Linux without a keyring safeStorage falls back to a hard-coded key
 * ("basic_text"), which is plain text in all but name, so then no password is kept at all.
 */
export function safeStorageAccounts(userDataDir: string): AccountStore {
  const file = path.join(userDataDir, 'account.json');
  const canKeepPasswords = () =>
    safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');

  return {
    canKeepPasswords,
    async load(): Promise<StoredAccount | undefined> {
      let saved: AccountFile;
      try {
        saved = JSON.parse(await readFile(file, 'utf8')) as AccountFile;
      } catch {
        return undefined;
      }
      if (typeof saved?.jid !== 'string') return undefined;
      let password: string | undefined;
      if (saved.encryptedPassword && canKeepPasswords()) {
        try {
          password = safeStorage.decryptString(Buffer.from(saved.encryptedPassword, 'base64'));
        } catch {
          // The keyring changed (another user, a reinstall): ask for the password again.
        }
      }
      return { jid: saved.jid, server: saved.server, password };
    },
    async save(account: StoredAccount): Promise<void> {
      const saved: AccountFile = { jid: account.jid, server: account.server };
      if (account.password && canKeepPasswords()) {
        saved.encryptedPassword = safeStorage.encryptString(account.password).toString('base64');
      }
      // Written whole then renamed, so a crash never leaves half a file.
      await writeFile(`${file}.tmp`, JSON.stringify(saved), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },
    async clear(): Promise<void> {
      await rm(file, { force: true });
    },
  };
}
