import type { ActionError, Result } from '../../src-shared/contract';
import { OFFLINE, UNREACHABLE } from './outbox';

export type ActionOutcome = Result<void, ActionError | typeof UNREACHABLE>;

/**
 * Our corrections, retractions and reactions that could not reach the core's connection: history
 * has them already, so they must still reach the other side. One answered `offline` (or whose call
 * did not reach the core) waits here with every later one, and all go out in order when the
 * session is back (after the outbox: an edit never overtakes the message it edits). Sending an
 * action twice is harmless: it keeps its id. Guarded by test/unit/action-queue.test.ts.
 */
export class ActionQueue {
  private readonly waiting: (() => Promise<ActionOutcome>)[] = [];
  private draining?: Promise<void>;

  /** `failed`: an action that was refused for good while it waited (the page says so). */
  constructor(private readonly failed: (error: ActionError | typeof UNREACHABLE) => void) {}

  get hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** Sends now unless earlier actions wait; `queued` when it waits for the connection. */
  async send(attempt: () => Promise<ActionOutcome>): Promise<ActionOutcome | 'queued'> {
    if (this.waiting.length > 0) {
      this.waiting.push(attempt);
      void this.flush();
      return 'queued';
    }
    const outcome = await attempt();
    if (!retryable(outcome)) return outcome;
    this.waiting.push(attempt);
    return 'queued';
  }

  /** Sends what waits, oldest first, until the connection turns it away again. */
  flush(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const outcome = await this.waiting[0]!();
      if (retryable(outcome)) return;
      this.waiting.shift();
      if (!outcome.ok) this.failed(outcome.error);
    }
  }
}

function retryable(outcome: ActionOutcome): boolean {
  return !outcome.ok && (outcome.error === OFFLINE || outcome.error === UNREACHABLE);
}
