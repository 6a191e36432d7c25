import { accessSync, constants, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../../test/support/browser';
import { startProsody, type TestServer } from '../../test/support/prosody';
import { registerInStore } from './register';

/** What every metric gets: shared, lazily started resources and the run's settings. */
export interface BenchContext {
  /** Smaller data and fewer runs, for trying the bench out (never for the committed table). */
  readonly quick: boolean;
  /** Record a CPU profile where a metric supports it, and print where the time went. */
  readonly profile: boolean;
  /** The repository root (where dist/ is). */
  readonly root: string;
  /** Where Prosody's files (its SQLite database) are: tmpfs unless BENCH_PROSODY_DIR says otherwise. */
  readonly serverDir: string;
  /** Prosody on loopback with SQLite storage, Nagle off, archive pages capped at 50, and a conference service (MUC_DOMAIN). */
  server(): Promise<TestServer>;
  browser(): Promise<TestBrowser>;
  /** A new account with a name unique in this run. */
  account(prefix: string): Promise<string>;
  /** Scripts for the page, built by `vite build -c vite.bench.config.ts --mode probe|seed`. */
  readonly scripts: { probe: string; seed: string };
  log(message: string): void;
  /** Saves a screenshot to dist/bench/<name>.png when BENCH_SCREENSHOTS is set (for debugging). */
  snap(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export const PASSWORD = 'bench-pw';

/** The Prosody module that makes the rooms bench's crowd of occupants (bench/prosody/, metrics/room-crowd.ts). */
const CROWD_MODULE = 'bench_crowd';
const crowdModuleSource = (root: string) => readFileSync(path.join(root, 'bench/prosody/mod_bench_crowd.lua'), 'utf8');

/**
 * Prosody's SQLite database goes on tmpfs: on this machine's virtual disk every archived message
 * costs SQLite a few fsyncs (about 18 ms a message, 55 messages/s), which would make every figure
 * that sends messages a measure of the disk, not of Glance. Reads (the archive walk) come from the
 * page cache either way. BENCH_PROSODY_DIR=/tmp measures with the disk.
 */
function prosodyParentDir(): string {
  const wanted = process.env.BENCH_PROSODY_DIR ?? '/dev/shm';
  try {
    accessSync(wanted, constants.W_OK);
    return wanted;
  } catch {
    return tmpdir();
  }
}

export function createContext(options: { quick: boolean; profile: boolean; root: string }): BenchContext {
  let server: Promise<TestServer> | undefined;
  let browser: Promise<TestBrowser> | undefined;
  let accounts = 0;
  const started = Date.now();
  const read = (name: string) => readFileSync(path.join(options.root, 'dist/bench/page', name), 'utf8');
  const scripts = { probe: read('probe.js'), seed: read('seed.js') };
  const serverDir = prosodyParentDir();
  return {
    ...options,
    scripts,
    serverDir,
    // The conference service: the read-by row (#12) needs a room, the rooms rows a crowd (metrics/room-crowd.ts).
    server: () =>
      (server ??= startProsody({ sql: true, parentDir: serverDir, muc: true, mucModules: { [CROWD_MODULE]: crowdModuleSource(options.root) } }).then(
        async (started) => {
          // One account through prosodyctl, which creates Prosody's SQL tables (the server does on
          // its first storage access); the bench's accounts are then written into them (register.ts).
          await started.register('bench-first', PASSWORD);
          return started;
        },
      )),
    browser: () => (browser ??= launchBrowser()),
    async account(prefix) {
      // Named before any await: accounts are asked for at once.
      const user = `${prefix}${++accounts}`;
      const { dataDir, domain } = await this.server();
      return registerInStore(dataDir, domain, user, PASSWORD);
    },
    log(message) {
      const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
      process.stderr.write(`[bench ${s}s] ${message}\n`);
    },
    async snap(page, name) {
      if (!process.env.BENCH_SCREENSHOTS) return;
      await page.screenshot({ path: path.join(options.root, 'dist/bench', `${name}.png`) }).catch(() => undefined);
    },
    async close() {
      await Promise.all([browser?.then((b) => b.close()).catch(() => undefined), server?.then((s) => s.stop()).catch(() => undefined)]);
    },
  };
}
