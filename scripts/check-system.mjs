#!/usr/bin/env node
// What the integration and end-to-end tests need from the system, checked before they run
// (`npm test` runs this first). Plain Node, no dependencies. When something is missing it prints
// ONE line: what is missing and the command that gets it; then exits 1.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where test/support/browser.ts launches Chromium when CHROMIUM_PATH is not set. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The one line to print, or undefined when everything the tests use is there (pure).
 * `found` says what exists: the programs test/support/prosody.ts runs (`prosody`, `prosodyctl`,
 * `openssl`), the Lua SQLite driver Prosody's `storage = "sql"` loads, and the Chromium
 * test/support/browser.ts launches (`chromiumPath`: CHROMIUM_PATH when set, else DEFAULT_CHROMIUM).
 */
export function missingLine(found) {
  const missing = [];
  const packages = [];
  const need = (what, pkg) => {
    missing.push(what);
    if (pkg && !packages.includes(pkg)) packages.push(pkg);
  };
  if (!found.prosody) need('prosody', 'prosody');
  if (!found.prosodyctl) need('prosodyctl', 'prosody');
  if (!found.luaDbiSqlite3) need("Prosody's SQLite driver (Lua module dbd.sqlite3)", 'lua-dbi-sqlite3');
  const badChromiumPath = found.chromiumFromEnv && !found.chromium;
  if (badChromiumPath) {
    need(`Chromium at CHROMIUM_PATH=${found.chromiumPath}`, found.defaultChromium ? undefined : 'chromium');
  } else if (!found.chromium) {
    need(`Chromium at ${DEFAULT_CHROMIUM}`, 'chromium');
  }
  if (!found.openssl) need('openssl', 'openssl');
  if (missing.length === 0) return undefined;

  const commands = [];
  if (badChromiumPath) commands.push('unset CHROMIUM_PATH');
  if (packages.length > 0) commands.push(`${found.root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`);
  // `npm run test:all` installs the packages but cannot change this shell's CHROMIUM_PATH.
  const instead = badChromiumPath ? ' (or set CHROMIUM_PATH to a Chromium binary)' : ' (or run `npm run test:all`, which installs them and runs every test)';
  return `Missing for the tests: ${missing.join(', ')}. Run: ${commands.join(' && ')}${instead}`;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(program) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, program)));
}

/** `dbd/sqlite3.so` in a directory Lua searches for C modules (any Lua version), or the Debian package. */
function hasLuaSqliteDriver() {
  const roots = ['/usr/lib', '/usr/local/lib', '/usr/lib64'];
  for (const root of roots) {
    const bases = [path.join(root, 'lua')];
    for (const entry of safeList(root)) if (entry.includes('-linux-')) bases.push(path.join(root, entry, 'lua'));
    for (const base of bases) {
      for (const version of safeList(base)) if (existsSync(path.join(base, version, 'dbd', 'sqlite3.so'))) return true;
    }
  }
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', 'lua-dbi-sqlite3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** What exists on this machine, as missingLine takes it. */
export function inspectSystem(env = process.env) {
  const chromiumFromEnv = Boolean(env.CHROMIUM_PATH);
  const chromiumPath = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  return {
    prosody: onPath('prosody'),
    prosodyctl: onPath('prosodyctl'),
    luaDbiSqlite3: hasLuaSqliteDriver(),
    chromium: isExecutable(chromiumPath),
    chromiumPath,
    chromiumFromEnv,
    defaultChromium: isExecutable(DEFAULT_CHROMIUM),
    openssl: onPath('openssl'),
    root: process.getuid?.() === 0,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const line = missingLine(inspectSystem());
  if (line) {
    console.error(line);
    process.exit(1);
  }
}
