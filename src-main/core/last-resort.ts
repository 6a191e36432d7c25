import type { Logger } from './log';

/**
 * The process's last resort for a promise rejection nobody handled: log it as the bug it is and
 * keep running. Node (and Electron's main process) otherwise end on one, and with them every
 * conversation, for what is usually one failed request. Installed only by the entry points
 * (Electron's main, the preview), never in tests: there Vitest reports an unhandled rejection
 * as an error and the run fails (test/integration/fresh-accounts.test.ts also records them).
 */
export function keepRunningOnUnhandledRejection(
  processLike: { on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown },
  log: Logger,
): void {
  processLike.on('unhandledRejection', (reason) => log.error('unhandled promise rejection (a bug; Glance keeps running)', reason));
}
