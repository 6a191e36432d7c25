import { describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/contract';
import { boolean, object, optional, string } from '../../src-shared/checks';
import {
  COMMAND_CHECKS,
  COMMAND_NAMES,
  ELECTRON_FORWARDED_EVENTS,
  EVENT_NAMES,
  EVENT_ORIGINS,
  isCommandName,
  PREVIEW_FORWARDED_EVENTS,
  type EventOrigin,
  type RequestChecks,
} from '../../src-shared/contract-registry';
import { createCore } from '../support/core';

// Type tests: `tsc -p test/tsconfig.json` fails if any `@ts-expect-error` below has no error to
// expect, so each proves that a registry that forgets something does not compile.

const { checkConnection: _forgotten, ...withoutCheckConnection } = COMMAND_CHECKS;
// @ts-expect-error: a command declared in Commands but missing from the registry
const missingCommand: RequestChecks = withoutCheckConnection;

// @ts-expect-error: a command the contract does not declare
const unknownCommand: RequestChecks = { ...COMMAND_CHECKS, deleteEverything: object({}) };

// @ts-expect-error: a check of the wrong type (signOut takes `forget: boolean`)
const wrongField: RequestChecks = { ...COMMAND_CHECKS, signOut: object({ forget: string() }) };

// @ts-expect-error: a check that forgets a field of the request (addContact's optional `name`)
const forgottenField: RequestChecks = { ...COMMAND_CHECKS, addContact: object({ jid: string() }) };

// @ts-expect-error: a check with a field the request does not have
const extraField: RequestChecks = { ...COMMAND_CHECKS, signOut: object({ forget: boolean(), everywhere: optional(boolean()) }) };

// @ts-expect-error: a required field checked as optional (signOut's `forget`)
const optionalRequired: RequestChecks = { ...COMMAND_CHECKS, signOut: object({ forget: optional(boolean()) }) };

const { windowFocus: _unrouted, ...withoutWindowFocus } = EVENT_ORIGINS;
// @ts-expect-error: an event declared in Events but missing from the registry
const missingEvent: { readonly [K in EventName]: EventOrigin } = withoutWindowFocus;

const mistakes = [missingCommand, unknownCommand, wrongField, forgottenField, extraField, optionalRequired, missingEvent];

describe('the contract registry', () => {
  it('lists every command once, each a handler of the core', () => {
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    const { core } = createCore();
    for (const name of COMMAND_NAMES) expect(Object.hasOwn(core, name) && typeof core[name], name).toBe('function');
    expect(mistakes).toHaveLength(7);
  });

  it('knows only its own command names (not the core’s other methods, not Object’s)', () => {
    expect(COMMAND_NAMES.every(isCommandName)).toBe(true);
    for (const name of ['start', 'stop', 'emit', 'removeAllListeners', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 42, null]) {
      expect(isCommandName(name), String(name)).toBe(false);
    }
  });

  it('routes each event: the core’s through both transports, notifications only through the preview, the shell’s through neither', () => {
    expect([...EVENT_NAMES].sort()).toEqual(['ephemeral', 'history', 'notification', 'openRequest', 'snapshot', 'windowFocus']);
    expect([...ELECTRON_FORWARDED_EVENTS].sort()).toEqual(['ephemeral', 'history', 'snapshot']);
    expect([...PREVIEW_FORWARDED_EVENTS].sort()).toEqual(['ephemeral', 'history', 'notification', 'snapshot']);
  });
});
