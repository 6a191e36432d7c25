import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src-main/core/log';
import type { AnyCoreModule } from '../../src-main/core/modules/module';
import { startSession } from '../../src-main/core/modules/session-start';
import type { Connection } from '../../src-main/core/session/connection';

/** A request the test answers when it likes. */
function pending() {
  let answer!: () => void;
  let refuse!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((answer = resolve), (refuse = reject)));
  return { promise, answer, refuse };
}

const connection = {} as Connection;

describe('a new session’s set-up', () => {
  it('sends every module’s fetch at once, then sets the modules up in list order, each after its own fetch', async () => {
    const steps: string[] = [];
    const blocklist = pending();
    const roster = pending();
    const modules: AnyCoreModule[] = [
      { name: 'notifications', sessionStarted: () => void steps.push('hold notifications') },
      { name: 'blocking', sessionFetch: () => (steps.push('ask for the blocklist'), blocklist.promise) },
      { name: 'roster', sessionFetch: () => (steps.push('ask for the roster'), roster.promise), sessionStarted: () => void steps.push('roster set up') },
      { name: 'presence', sessionStarted: () => void steps.push('send presence') },
    ];
    const done = startSession(modules, connection, silentWarnings([]));
    await Promise.resolve();
    expect(steps).toEqual(['ask for the blocklist', 'ask for the roster', 'hold notifications']);
    // The roster answers first: nothing after the blocklist moves until the blocklist is in.
    roster.answer();
    await flushed();
    expect(steps).toEqual(['ask for the blocklist', 'ask for the roster', 'hold notifications']);
    blocklist.answer();
    await done;
    expect(steps).toEqual(['ask for the blocklist', 'ask for the roster', 'hold notifications', 'roster set up', 'send presence']);
  });

  it('logs a module whose fetch fails, skips its set-up and goes on with the others', async () => {
    const steps: string[] = [];
    const warnings: string[] = [];
    const roster = pending();
    const modules: AnyCoreModule[] = [
      { name: 'roster', sessionFetch: () => roster.promise, sessionStarted: () => void steps.push('roster set up') },
      { name: 'presence', sessionStarted: () => void steps.push('send presence') },
    ];
    const done = startSession(modules, connection, silentWarnings(warnings));
    roster.refuse(new Error('service-unavailable'));
    await done;
    expect(steps).toEqual(['send presence']);
    expect(warnings).toEqual(['session set-up incomplete: roster']);
  });
});

function silentWarnings(warnings: string[]): Logger {
  return { debug: () => undefined, info: () => undefined, warn: (message: string) => void warnings.push(message), error: () => undefined };
}

async function flushed(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
