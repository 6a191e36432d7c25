import type { Logger } from '../log';
import type { Connection } from '../session/connection';
import type { AnyCoreModule } from './module';

/**
 * After binding a new session (not a resumed one): every module's fetch goes out at once, then each
 * module's set-up runs in list order, once its own fetch is done. A module whose fetch or set-up
 * fails is logged and skipped; the others go on (test/unit/session-start.test.ts).
 */
export async function startSession(modules: readonly AnyCoreModule[], connection: Connection, log: Logger): Promise<void> {
  const fetches = new Map(modules.map((module) => [module, module.sessionFetch?.(connection)]));
  // Awaited (and its failure logged) in the module's turn; a rejection before then is not unhandled.
  for (const fetch of fetches.values()) fetch?.catch(() => undefined);
  for (const module of modules) {
    try {
      await fetches.get(module);
      await module.sessionStarted?.(connection);
    } catch (error) {
      log.warn(`session set-up incomplete: ${module.name}`, error);
    }
  }
}
