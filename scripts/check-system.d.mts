/** What exists on this machine, as far as the tests are concerned. */
export interface SystemFound {
  prosody: boolean;
  prosodyctl: boolean;
  /** Lua's `dbd.sqlite3` (Debian's lua-dbi-sqlite3), which Prosody's SQL storage loads. */
  luaDbiSqlite3: boolean;
  /** A Chromium binary at `chromiumPath`. */
  chromium: boolean;
  /** CHROMIUM_PATH when set, else DEFAULT_CHROMIUM. */
  chromiumPath: string;
  /** CHROMIUM_PATH is set. */
  chromiumFromEnv: boolean;
  /** A Chromium binary at DEFAULT_CHROMIUM. */
  defaultChromium: boolean;
  openssl: boolean;
  /** Running as root: the command needs no sudo. */
  root: boolean;
}

export const DEFAULT_CHROMIUM: string;
export function missingLine(found: SystemFound): string | undefined;
export function inspectSystem(env?: NodeJS.ProcessEnv): SystemFound;
