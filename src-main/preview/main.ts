import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryAccountStore, memoryPreferencesStore } from '../core/account-store';
import { GlanceCore } from '../core/glance-core';
import { keepRunningOnUnhandledRejection } from '../core/last-resort';
import { consoleLogger } from '../core/log';
import { startPreviewServer } from './server';

// `npm run preview`: the real core in Node, the renderer in any browser, on loopback only.
const log = consoleLogger('preview');
keepRunningOnUnhandledRejection(process, log);
const portArg = process.argv.indexOf('--port');
const port = portArg === -1 ? 0 : Number(process.argv[portArg + 1]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('Usage: npm run preview -- [--port N]');
  process.exit(2);
}

const core = new GlanceCore({
  accounts: memoryAccountStore(),
  preferences: memoryPreferencesStore(),
  log,
  systemLocale: () => Intl.DateTimeFormat().resolvedOptions().locale,
  // The preview has no shell to hand links to; it says what it would open.
  openExternal: async (url) => log.info(`would open in the system browser: ${url}`),
});
const here = path.dirname(fileURLToPath(import.meta.url));
const server = await startPreviewServer({ core, rendererDir: path.resolve(here, '../renderer'), port, log });
console.log(`Glance preview: ${server.url}`);

const shutdown = async () => {
  await core.stop().catch(() => undefined);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
