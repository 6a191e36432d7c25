import { EventEmitter } from 'node:events';
import net from 'node:net';
import { client, type XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { ConnectionState, SignInError } from '../../../src-shared/contract';
import type { Logger } from '../log';
import { backoffDelay, type BackoffPolicy, RECONNECT_BACKOFF } from './backoff';
import { isLoopbackAddress, serviceFor, type ServerAddress } from './server-address';
import { classifySignInError, isPermanent, SignInFailure, TlsRequiredError } from './sign-in-errors';
import { fixStreamManagementCounting } from './stream-management-fix';

export interface Account {
  local: string;
  domain: string;
  password: string;
  server?: ServerAddress;
}

interface ConnectionEvents {
  state: [ConnectionState];
  /** A session is ready: `resumed` when XEP-0198 resumed it, so nothing needs redoing. */
  online: [{ resumed: boolean }];
  stanza: [Element];
}

const ATTEMPT_TIMEOUT_MS = 20_000;

/**
 * One account's connection: signs in, keeps the session up with backoff and jitter after drops,
 * and enforces TLS. xmpp.js's own reconnect (a fixed 1 s, forever) is switched off.
 */
export class Connection extends EventEmitter<ConnectionEvents> {
  readonly bare: string;
  private readonly xmpp: XmppClient;
  private wanted = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private attemptInFlight: Promise<void> | undefined;
  private state: ConnectionState = { status: 'signed-out' };
  private sessions = 0;

  constructor(
    private readonly account: Account,
    private readonly log: Logger,
    private readonly backoff: BackoffPolicy = RECONNECT_BACKOFF,
  ) {
    super();
    this.bare = `${account.local}@${account.domain}`;
    this.xmpp = client({
      service: serviceFor(account.domain, account.server),
      domain: account.domain,
      resource: `glance-${Math.random().toString(36).slice(2, 8)}`,
      credentials: (authenticate, mechanisms, _fast, entity) => this.authenticate(authenticate, mechanisms, entity),
      timeout: 10_000,
    });
    this.xmpp.reconnect.stop();
    // @xmpp/stream-management 0.14 miscounts inbound stanzas, which breaks resumption (issue 5).
    fixStreamManagementCounting(this.xmpp, this.log);
    // An 'error' event without a listener would kill the process (XMPP-NOTES.md).
    this.xmpp.on('error', (error) => this.log.warn('xmpp error', error));
    this.xmpp.on('stanza', (stanza) => {
      try {
        this.emit('stanza', stanza);
      } catch (error) {
        this.log.error('stanza handler failed; stanza dropped', error, stanza.toString().slice(0, 2000));
      }
    });
    this.xmpp.on('status', (status) => this.onStatus(status));
    this.xmpp.streamManagement.on('resumed', () => this.becameOnline(true));
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get client(): XmppClient {
    return this.xmpp;
  }

  /** First sign-in: resolves once online, rejects with SignInFailure; no retry on failure. */
  async signIn(): Promise<void> {
    this.wanted = true;
    this.setState({ status: 'connecting', attempt: 1 });
    try {
      await this.withTimeout(this.xmpp.start().then(() => undefined));
    } catch (error) {
      const reason = classifySignInError(error);
      this.wanted = false;
      await this.closeQuietly();
      this.setState({ status: 'failed', error: reason });
      throw new SignInFailure(reason);
    }
    this.becameOnline(false);
  }

  async signOut(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    try {
      if (this.xmpp.status === 'online') await this.xmpp.stop();
      else await this.closeQuietly();
    } catch (error) {
      this.log.warn('sign-out did not close cleanly', error);
    }
    this.setState({ status: 'signed-out' });
  }

  /** Try again now (the network came back, the machine woke): skips the remaining backoff. */
  retryNow(): void {
    if (!this.wanted || this.state.status !== 'connecting' || this.attemptInFlight) return;
    clearTimeout(this.retryTimer);
    void this.reconnect();
  }

  async send(element: Element): Promise<void> {
    if (this.xmpp.status !== 'online') throw new Error('Not connected');
    await this.xmpp.send(element);
  }

  /** An IQ round trip; resolves with the whole result stanza. */
  request(element: Element, timeoutMs = 15_000): Promise<Element> {
    return this.xmpp.iqCaller.request(element, timeoutMs);
  }

  private async authenticate(
    authenticate: (c: { username: string; password: string }, mechanism: string) => Promise<void>,
    mechanisms: string[],
    entity: XmppClient,
  ): Promise<void> {
    // TLS is required except to a server on this machine (the rule): refuse before any
    // credential leaves in the clear.
    if (!entity.isSecure() && !isLoopbackAddress(remoteAddress(entity))) throw new TlsRequiredError();
    const mechanism = mechanisms.find((m) => m !== 'PLAIN' || entity.isSecure()) ?? mechanisms[0];
    await authenticate({ username: this.account.local, password: this.account.password }, mechanism);
  }

  private onStatus(status: string): void {
    if (status === 'connect') {
      // Nagle delays small writes (markers, acks) by ~40 ms on loopback (XMPP-NOTES.md).
      rawSocket(this.xmpp)?.setNoDelay(true);
    }
    if (status === 'disconnect' && this.wanted && this.state.status === 'online') {
      this.log.info('connection dropped; reconnecting');
      this.scheduleReconnect({ code: 'unreachable', detail: 'The connection was lost' });
    }
  }

  private becameOnline(resumed: boolean): void {
    this.attempt = 0;
    if (!resumed) this.sessions += 1;
    this.setState({ status: 'online', jid: this.bare, session: this.sessions });
    this.emit('online', { resumed });
  }

  private scheduleReconnect(lastError: SignInError): void {
    clearTimeout(this.retryTimer);
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.backoff);
    this.setState({ status: 'connecting', attempt: this.attempt, lastError, nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (!this.wanted) return;
    const attempt = (async () => {
      await this.closeQuietly();
      const { service, domain } = this.xmpp.options;
      const online = onlineOrFailure(this.xmpp);
      // If connect() throws first, the failure is reported from there; don't leave this one unhandled.
      online.catch(() => undefined);
      // The same entity is reused so XEP-0198 can resume the session.
      const x = this.xmpp as unknown as { connect(s: string): Promise<void>; open(o: { domain: string }): Promise<void> };
      await x.connect(service);
      await x.open({ domain });
      await online;
    })();
    this.attemptInFlight = attempt;
    try {
      await this.withTimeout(attempt);
      if (this.state.status !== 'online') this.becameOnline(false);
    } catch (error) {
      const reason = classifySignInError(error);
      this.log.warn('reconnect failed', reason);
      if (!this.wanted) return;
      if (isPermanent(reason)) {
        this.wanted = false;
        await this.closeQuietly();
        this.setState({ status: 'failed', error: reason });
      } else {
        this.scheduleReconnect(reason);
      }
    } finally {
      this.attemptInFlight = undefined;
    }
  }

  private async closeQuietly(): Promise<void> {
    if (this.xmpp.status === 'offline' || this.xmpp.status === 'disconnect') return;
    try {
      await this.xmpp.disconnect();
    } catch {
      // Already gone; nothing to close.
    }
  }

  private withTimeout(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('No answer from the server'), { name: 'TimeoutError' })), ATTEMPT_TIMEOUT_MS);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.emit('state', state);
  }
}

/** Resolves when the session is ready (bound, or resumed); rejects on an error or a drop first. */
function onlineOrFailure(xmpp: XmppClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const emitter = xmpp as unknown as EventEmitter;
    const sm = xmpp.streamManagement as unknown as EventEmitter;
    const done = (fn: () => void) => {
      emitter.off('online', onOnline);
      emitter.off('error', onError);
      emitter.off('disconnect', onDrop);
      sm.off('resumed', onOnline);
      fn();
    };
    const onOnline = () => done(resolve);
    const onError = (error: Error) => done(() => reject(error));
    const onDrop = () => done(() => reject(Object.assign(new Error('The connection closed'), { code: 'ECONNRESET' })));
    emitter.on('online', onOnline);
    emitter.on('error', onError);
    emitter.on('disconnect', onDrop);
    sm.on('resumed', onOnline);
  });
}

function rawSocket(xmpp: XmppClient): net.Socket | undefined {
  const socket = xmpp.socket as unknown;
  if (socket instanceof net.Socket) return socket;
  const inner = (socket as { socket?: unknown } | null)?.socket;
  return inner instanceof net.Socket ? inner : undefined;
}

function remoteAddress(xmpp: XmppClient): string | undefined {
  return rawSocket(xmpp)?.remoteAddress;
}
