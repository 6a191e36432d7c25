import type { ActionError, Result } from '../../src-shared/contract';
import { conversationKey } from '../../src-shared/conversation';
import type { QueuedAction } from '../history';
import { OFFLINE, UNREACHABLE } from './outbox';

/** How often an action to a room we are not in is tried before it counts as refused. */
export const MAX_NOT_JOINED = 10;

export type ActionOutcome = Result<void, ActionError | typeof UNREACHABLE>;

export interface ActionQueueDeps {
  /** Hands one action to the core (a call that throws counts as UNREACHABLE). */
  invoke(action: QueuedAction): Promise<ActionOutcome>;
  /** Keeps what waits (in history, so a restart does not lose it). */
  save(waiting: readonly QueuedAction[]): Promise<void>;
  /** An action was refused for good while it waited (the page says so). */
  failed(error: ActionError | typeof UNREACHABLE): void;
}

/**
 * Our corrections, retractions and reactions on their way to the core: history has them already,
 * so they must still reach the other side. Each is kept in history until the core took it; one
 * answered `offline` (or whose call did not reach the core) waits with every later one, across
 * restarts, and all go out in order when the session is back (after the outbox: an edit never
 * overtakes the message it edits).
 * Guarded by test/unit/action-queue.test.ts and test/e2e/room-actions.test.ts.
 */
export class ActionQueue {
  private waiting: QueuedAction[] = [];
  private draining?: Promise<'done' | 'stalled'>;
  private readonly notJoined = new Map<QueuedAction, number>();

  constructor(private readonly deps: ActionQueueDeps) {}

  get hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** What a history kept from an earlier run (a history just opened); replaces what waited. */
  restore(kept: readonly QueuedAction[]): void {
    this.waiting = [...kept];
  }

  /**
   * Keeps the action first (so closing the app at once loses nothing), then sends it behind any
   * that wait: `sent` once the core answered (a refusal goes to `failed`), `queued` while it waits.
   */
  async send(action: QueuedAction): Promise<'sent' | 'queued'> {
    this.waiting.push(action);
    await this.keep();
    while (this.waiting.includes(action)) {
      if ((await this.flush()) === 'stalled') return 'queued';
    }
    return 'sent';
  }

  /** Sends what waits, oldest first, until the connection turns it away again (`stalled`). */
  flush(): Promise<'done' | 'stalled'> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drain(): Promise<'done' | 'stalled'> {
    // A room not (yet) entered holds back its own actions only: a new session joins its rooms
    // after the outbox ran, and the join's snapshot flushes again (MAX_NOT_JOINED tries).
    const held = new Set<string>();
    for (const action of [...this.waiting]) {
      const conversation = conversationKey(action.request.conversation);
      if (held.has(conversation)) continue;
      const outcome = await this.attempt(action);
      if (retryable(outcome)) return 'stalled';
      if (!outcome.ok && outcome.error === 'not-joined' && (this.notJoined.get(action) ?? 0) < MAX_NOT_JOINED) {
        this.notJoined.set(action, (this.notJoined.get(action) ?? 0) + 1);
        held.add(conversation);
        continue;
      }
      this.waiting = this.waiting.filter((waiting) => waiting !== action);
      await this.keep();
      if (!outcome.ok) this.deps.failed(outcome.error);
    }
    return held.size > 0 ? 'stalled' : 'done';
  }

  private async attempt(action: QueuedAction): Promise<ActionOutcome> {
    try {
      return await this.deps.invoke(action);
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  }

  private keep(): Promise<void> {
    return this.deps.save(this.waiting).catch((error: unknown) => console.warn('glance: waiting actions not kept', error));
  }
}

function retryable(outcome: ActionOutcome): boolean {
  return !outcome.ok && (outcome.error === OFFLINE || outcome.error === UNREACHABLE);
}
