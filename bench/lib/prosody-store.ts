import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One row of mod_storage_sql's key-value table: one field of one user's store. */
export interface StoreRow {
  host: string;
  user: string;
  store: string;
  key: string;
  type: 'string' | 'number' | 'json';
  value: string;
}

/**
 * Writes rows straight into Prosody's SQLite store (replacing what `replace` names), with one
 * sqlite3 process: far faster than asking a Prosody process or the server to write them. The
 * server may be writing too: sqlite3 waits for its lock rather than fail.
 */
export async function writeProsodyStore(dataDir: string, rows: readonly StoreRow[], replace?: Pick<StoreRow, 'host' | 'user' | 'store'>): Promise<void> {
  const values = rows.map((r) => `(${[r.host, r.user, r.store, r.key, r.type, r.value].map(quote).join(',')})`);
  const clear = replace
    ? `DELETE FROM "prosody" WHERE "host"=${quote(replace.host)} AND "user"=${quote(replace.user)} AND "store"=${quote(replace.store)}; `
    : '';
  const sql = `BEGIN; ${clear}INSERT INTO "prosody" ("host","user","store","key","type","value") VALUES ${values.join(',')}; COMMIT;`;
  // On standard input: a roster of thousands is more than one argument may hold.
  const child = run('sqlite3', ['-cmd', '.timeout 5000', path.join(dataDir, 'prosody.sqlite')]);
  child.child.stdin!.end(sql);
  await child;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
