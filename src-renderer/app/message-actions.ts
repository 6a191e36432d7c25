import { referenceOf } from '../../src-shared/authorship';
import type { ActionError, GlanceBridge, MessageActionBase, MessageActionEvent, Result } from '../../src-shared/contract';
import { ActionQueue } from './action-queue';
import type { History, StoredMessage } from '../history';
import type { MessageKey } from '../i18n';
import type { ReasonCode } from './reasons';
import { UNREACHABLE } from './outbox';

export interface ActionHost {
  readonly history: History | undefined;
  readonly account: string | undefined;
  readonly bridge: Pick<GlanceBridge, 'invoke'>;
  report(key: MessageKey, error: unknown, code?: ReasonCode): void;
}

/**
 * Our own corrections, retractions and reactions: each is applied to history first, as the same
 * event the core would bring back (its archive copy later merges by id), then handed to the core.
 * One made offline waits in order and goes out when the session is back (ActionQueue); one refused
 * shows as an alert.
 */
export class MessageActions {
  /** What waits for the connection; the session's work sends it after the outbox (HistoryWork). */
  readonly queue: ActionQueue;

  constructor(private readonly host: ActionHost) {
    this.queue = new ActionQueue((error) => host.report('actions.failed', undefined, error));
  }

  /** XEP-0308: our message gets `body` as its text; the correction names the original's id. */
  correct(message: StoredMessage, body: string): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'correction', correction: { ...base, body } }),
      (request) => this.host.bridge.invoke('correctMessage', { ...request, body }),
    );
  }

  /** XEP-0424: our message is withdrawn for everyone; `fallback` is what old clients show. */
  retract(message: StoredMessage, fallback: string): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'retraction', retraction: base }),
      (request) => this.host.bridge.invoke('retractMessage', { ...request, fallback }),
    );
  }

  /** XEP-0444: our whole set of reactions to the message (empty: none). */
  react(message: StoredMessage, emojis: string[]): Promise<void> {
    return this.run(
      message,
      (base) => ({ kind: 'reaction', reaction: { ...base, emojis } }),
      (request) => this.host.bridge.invoke('react', { ...request, emojis }),
    );
  }

  private async run(
    message: StoredMessage,
    event: (base: MessageActionBase) => MessageActionEvent,
    send: (request: { conversation: StoredMessage['conversation']; id: string; target: string }) => Promise<Result<void, ActionError>>,
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
    const outcome = await this.queue.send(async () => {
      try {
        return await send({ conversation: message.conversation, id, target });
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
    });
    if (outcome !== 'queued' && !outcome.ok) this.host.report('actions.failed', undefined, outcome.error);
  }
}
