import { referenceOf } from '../../src-shared/authorship';
import type { ActionRequest, GlanceBridge, MessageActionBase, MessageActionEvent } from '../../src-shared/contract';
import type { History, QueuedAction, StoredMessage } from '../history';
import type { MessageKey } from '../i18n';
import { ActionQueue, type ActionOutcome } from './action-queue';
import type { ReasonCode } from './reasons';

export interface ActionHost {
  readonly history: History | undefined;
  readonly account: string | undefined;
  readonly bridge: Pick<GlanceBridge, 'invoke'>;
  report(key: MessageKey, error: unknown, code?: ReasonCode): void;
}

/**
 * Our own corrections, retractions and reactions: each is applied to history first, as the same
 * event the core would bring back (its archive copy later merges by id), then handed to the core.
 * One made offline waits in order, kept in history, and goes out when the session is back
 * (ActionQueue); one refused shows as an alert.
 */
export class MessageActions {
  /** What waits for the connection; the session's work sends it after the outbox (HistoryWork). */
  readonly queue: ActionQueue;

  constructor(private readonly host: ActionHost) {
    this.queue = new ActionQueue({
      invoke: (action) => invokeAction(host.bridge, action),
      save: async (waiting) => host.history?.setQueuedActions(waiting),
      failed: (error) => host.report('actions.failed', undefined, error),
    });
  }

  /** A history was opened: what waited in it when the app last ran waits again. */
  async restore(history: History): Promise<void> {
    this.queue.restore(await history.queuedActions());
  }

  /** XEP-0308: our message gets `body` as its text; the correction names the original's id. */
  correct(message: StoredMessage, body: string): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'correction', correction: { ...base, body } }),
      (request) => ({ command: 'correctMessage', request: { ...request, body } }),
    );
  }

  /** XEP-0424: our message is withdrawn for everyone; `fallback` is what old clients show. */
  retract(message: StoredMessage, fallback: string): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'retraction', retraction: base }),
      (request) => ({ command: 'retractMessage', request: { ...request, fallback } }),
    );
  }

  /** XEP-0444: our whole set of reactions to the message (empty: none). */
  react(message: StoredMessage, emojis: string[]): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'reaction', reaction: { ...base, emojis } }),
      (request) => ({ command: 'react', request: { ...request, emojis } }),
    );
  }

  private async run(
    message: StoredMessage,
    event: (base: MessageActionBase) => MessageActionEvent,
    action: (request: ActionRequest) => QueuedAction,
  ): Promise<void> {
    const { history, account } = this.host;
    const target = referenceOf(message.conversation, message);
    if (!history || !account || !target) return;
    const id = crypto.randomUUID();
    const base: MessageActionBase = {
      conversation: message.conversation,
      target,
      direction: 'out',
      sender: { jid: account },
      from: account,
      id,
      timestamp: Date.now(),
      via: 'live',
    };
    await history.applyActions([event(base)]);
    await this.queue.send(action({ conversation: message.conversation, id, target }));
  }
}

/** Hands a queued action to the core through its command. */
function invokeAction(bridge: Pick<GlanceBridge, 'invoke'>, action: QueuedAction): Promise<ActionOutcome> {
  switch (action.command) {
    case 'correctMessage':
      return bridge.invoke('correctMessage', action.request);
    case 'retractMessage':
      return bridge.invoke('retractMessage', action.request);
    case 'react':
      return bridge.invoke('react', action.request);
  }
}
