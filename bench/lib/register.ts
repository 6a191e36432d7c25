import { execFile } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The test server's `default_iteration_count` (test/support/prosody.ts): what `prosodyctl register` stores. */
const ITERATIONS = 16;

/**
 * Creates (or replaces) `user@host` by writing Prosody's SQLite store as `prosodyctl register`
 * does: mod_auth_internal_hashed keeps SCRAM-SHA-1's stored and server keys (hex), the salt and the
 * iteration count, and mod_storage_sql writes each field of the `accounts` store as a row of its
 * own. One sqlite3 process (a few ms) instead of a Prosody one (a tenth of a second or more); the
 * server reads the store at each sign-in, so the account works at once.
 */
export async function registerInStore(dataDir: string, host: string, user: string, password: string): Promise<string> {
  const salt = randomUUID();
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 20, 'sha1');
  const hmac = (text: string) => createHmac('sha1', salted).update(text).digest();
  const fields: [string, 'string' | 'number', string][] = [
    ['stored_key', 'string', createHash('sha1').update(hmac('Client Key')).digest('hex')],
    ['server_key', 'string', hmac('Server Key').toString('hex')],
    ['salt', 'string', salt],
    ['iteration_count', 'number', String(ITERATIONS)],
  ];
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const where = `"host"=${quote(host)} AND "user"=${quote(user)} AND "store"='accounts'`;
  const rows = fields.map(([key, type, value]) => `(${quote(host)},${quote(user)},'accounts',${quote(key)},'${type}',${quote(value)})`);
  const sql = `BEGIN; DELETE FROM "prosody" WHERE ${where}; INSERT INTO "prosody" ("host","user","store","key","type","value") VALUES ${rows.join(',')}; COMMIT;`;
  // The server may be writing: wait for its lock rather than fail.
  await run('sqlite3', ['-cmd', '.timeout 5000', path.join(dataDir, 'prosody.sqlite'), sql]);
  return `${user}@${host}`;
}
