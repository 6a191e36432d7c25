import { isCommandName } from '../../src-shared/contract';
import type { CommandHandlers } from './modules/module';

/**
 * Runs one command from a renderer, whichever transport carried it. Only the contract's command
 * names are callable (never an arbitrary method of the core), and a handler's failure becomes a
 * rejected call, never a crash of the main process.
 */
export async function dispatchCommand(handlers: CommandHandlers, name: unknown, request: unknown): Promise<unknown> {
  if (!isCommandName(name)) throw new Error(`Unknown command: ${String(name).slice(0, 64)}`);
  const handler = handlers[name] as (request: unknown) => Promise<unknown>;
  return handler.call(handlers, request ?? {});
}
