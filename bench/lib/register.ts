import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { SCRAM_ITERATIONS } from '../../test/support/prosody';
import { writeProsodyStore, type StoreRow } from './prosody-store';

/**
 * Creates (or replaces) `user@host` by writing Prosody's SQLite store as `prosodyctl register`
 * does: mod_auth_internal_hashed keeps SCRAM-SHA-1's stored and server keys (hex), the salt and the
 * iteration count, and mod_storage_sql writes each field of the `accounts` store as a row of its
 * own. One sqlite3 process (a few ms) instead of a Prosody one (a tenth of a second or more); the
 * server reads the store at each sign-in, so the account works at once.
 */
export async function registerInStore(dataDir: string, host: string, user: string, password: string): Promise<string> {
  const salt = randomUUID();
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 20, 'sha1');
  const hmac = (text: string) => createHmac('sha1', salted).update(text).digest();
  const fields: [string, StoreRow['type'], string][] = [
    ['stored_key', 'string', createHash('sha1').update(hmac('Client Key')).digest('hex')],
    ['server_key', 'string', hmac('Server Key').toString('hex')],
    ['salt', 'string', salt],
    ['iteration_count', 'number', String(SCRAM_ITERATIONS)],
  ];
  const account = { host, user, store: 'accounts' };
  await writeProsodyStore(
    dataDir,
    fields.map(([key, type, value]) => ({ ...account, key, type, value })),
    account,
  );
  return `${user}@${host}`;
}
