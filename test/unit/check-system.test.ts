import { describe, expect, it } from 'vitest';
import { missingLine, type SystemFound } from '../../scripts/check-system.mjs';

const everything: SystemFound = {
  prosody: true,
  prosodyctl: true,
  luaDbiSqlite3: true,
  chromium: true,
  chromiumPath: '/usr/bin/chromium',
  chromiumFromEnv: false,
  defaultChromium: true,
  openssl: true,
  root: false,
};

const TEST_ALL = ' (or run `npm run test:all`, which installs them and runs every test)';

describe('missingLine (scripts/check-system.mjs)', () => {
  it('says nothing when everything the tests use is there', () => {
    expect(missingLine(everything)).toBeUndefined();
  });

  it.each<[string, Partial<SystemFound>, string]>([
    ['no Prosody at all', { prosody: false, prosodyctl: false }, 'Missing for the tests: prosody, prosodyctl. Run: sudo apt-get install -y prosody' + TEST_ALL],
    [
      'no SQLite driver for Prosody',
      { luaDbiSqlite3: false },
      "Missing for the tests: Prosody's SQLite driver (Lua module dbd.sqlite3). Run: sudo apt-get install -y lua-dbi-sqlite3" + TEST_ALL,
    ],
    [
      'no Chromium',
      { chromium: false, defaultChromium: false },
      'Missing for the tests: Chromium at /usr/bin/chromium. Run: sudo apt-get install -y chromium' + TEST_ALL,
    ],
    [
      'several things, as root',
      { root: true, openssl: false, luaDbiSqlite3: false, chromium: false, defaultChromium: false },
      "Missing for the tests: Prosody's SQLite driver (Lua module dbd.sqlite3), Chromium at /usr/bin/chromium, openssl. Run: apt-get install -y lua-dbi-sqlite3 chromium openssl" +
        TEST_ALL,
    ],
    [
      'CHROMIUM_PATH names no file, Debian Chromium is installed',
      { chromiumFromEnv: true, chromiumPath: '/opt/none/chrome', chromium: false },
      'Missing for the tests: Chromium at CHROMIUM_PATH=/opt/none/chrome. Run: unset CHROMIUM_PATH (or set CHROMIUM_PATH to a Chromium binary)',
    ],
    [
      'CHROMIUM_PATH names no file and there is no Chromium',
      { chromiumFromEnv: true, chromiumPath: '/opt/none/chrome', chromium: false, defaultChromium: false, prosody: false },
      'Missing for the tests: prosody, Chromium at CHROMIUM_PATH=/opt/none/chrome. Run: unset CHROMIUM_PATH && sudo apt-get install -y prosody chromium (or set CHROMIUM_PATH to a Chromium binary)',
    ],
  ])('%s: one line with the command', (_case, change, line) => {
    const result = missingLine({ ...everything, ...change });
    expect(result).toBe(line);
    expect(result).not.toContain('\n');
  });

  it('takes a Chromium elsewhere when CHROMIUM_PATH names one', () => {
    expect(missingLine({ ...everything, chromiumFromEnv: true, chromiumPath: '/opt/chrome/chrome', defaultChromium: false })).toBeUndefined();
  });
});
