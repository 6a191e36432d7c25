import { randomUUID } from 'node:crypto';
import type { XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

/** An IQ error reply (RFC 6120 §8.3): `condition` is the defined condition's element name. */
export class IqError extends Error {
  constructor(
    readonly condition: string,
    readonly type: string | undefined,
    readonly text: string | undefined,
    /** The `<error/>` element itself, for application-specific children (XEP-0363 `<file-too-large/>`). */
    readonly element?: Element,
  ) {
    super(text ? `${condition}: ${text}` : condition);
    this.name = 'IqError';
  }
}

export class IqTimeoutError extends Error {
  readonly condition = 'timeout';
  constructor(timeoutMs: number) {
    super(`No reply within ${timeoutMs} ms`);
    this.name = 'IqTimeoutError';
  }
}

interface Waiting {
  resolve(reply: Element): void;
  reject(error: Error): void;
}

/**
 * IQ round trips (RFC 6120 §8.2.3) whose replies never reject a promise nobody listens to.
 *
 * @xmpp/iq 0.14's `iqCaller.request()` awaits the write before it awaits the reply. A reply that
 * arrives during the write — Prosody answers a fetch of a PEP node that does not exist yet with
 * an immediate `item-not-found`, as on every fresh account — rejects a promise that has no
 * handler yet: Node reports an unhandled rejection and the process ends. Here the reply and the
 * write are joined before either can settle, so every outcome reaches the caller.
 * Guarded by test/integration/fresh-accounts.test.ts and test/unit/iq-requests.test.ts.
 */
export class IqRequests {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly xmpp: Pick<XmppClient, 'send' | 'middleware'>) {
    // Runs after @xmpp/iq's own caller, which passes on replies to ids it did not send.
    xmpp.middleware.use((ctx, next) => (this.settle(ctx.stanza) ? undefined : next()));
  }

  /** Sends `iq` (an id is added when missing) and resolves with the whole result stanza. */
  request(iq: Element, timeoutMs: number): Promise<Element> {
    const id = (iq.attrs.id ??= randomUUID());
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Element>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      timer = setTimeout(() => this.fail(id, new IqTimeoutError(timeoutMs)), timeoutMs);
    });
    const written = this.xmpp.send(iq).catch((error: unknown) => {
      this.fail(id, error as Error);
      throw error;
    });
    return Promise.all([reply, written])
      .then(([result]) => result)
      .finally(() => {
        clearTimeout(timer);
        this.waiting.delete(id);
      });
  }

  /** Whether `stanza` was the reply to one of our requests (then it is consumed here). */
  private settle(stanza: Element): boolean {
    if (!stanza.is('iq') || (stanza.attrs.type !== 'result' && stanza.attrs.type !== 'error')) return false;
    const waiting = this.waiting.get(stanza.attrs.id ?? '');
    if (!waiting) return false;
    this.waiting.delete(stanza.attrs.id!);
    if (stanza.attrs.type === 'result') waiting.resolve(stanza);
    else waiting.reject(iqError(stanza));
    return true;
  }

  private fail(id: string, error: Error): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    waiting?.reject(error);
  }
}

function iqError(stanza: Element): IqError {
  const error = stanza.getChild('error');
  const condition = error?.getChildElements().find((child) => child.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas' && child.name !== 'text');
  const text = error?.getChildText('text', 'urn:ietf:params:xml:ns:xmpp-stanzas') ?? undefined;
  return new IqError(condition?.name ?? 'undefined-condition', error?.attrs.type, text || undefined, error);
}
