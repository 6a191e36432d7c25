import { checkCommandRequest, isCommandName } from '../../src-shared/contract-registry';
import type { CommandHandlers } from './modules/module';

/**
 * Runs one command from a renderer, whichever transport carried it. Only the contract's
 * registered commands are callable (never an arbitrary method of the core), only with a request
 * that passed the command's check (refused before any handler runs, naming the command and the
 * field), and a handler's failure becomes a rejected call, never a crash of the main process.
 * Guarded by test/unit/contract-checks.test.ts.
 */
export async function dispatchCommand(handlers: CommandHandlers, name: unknown, request: unknown): Promise<unknown> {
  if (!isCommandName(name)) throw new Error(`Unknown command: ${String(name).slice(0, 64)}`);
  const checked = checkCommandRequest(name, request);
  if (!checked.ok) throw new Error(`Refused ${name}: ${checked.path.slice(0, 200)} ${checked.problem}`);
  const handler = handlers[name] as (request: unknown) => Promise<unknown>;
  return handler.call(handlers, checked.value);
}
