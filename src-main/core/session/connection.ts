import { EventEmitter } from 'node:events';
import { client, type XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { ConnectionState, SignInError } from '../../../src-shared/contract';
import type { Logger } from '../log';
import { NS } from '../protocol/namespaces';
import { backoffDelay, type BackoffPolicy, RECONNECT_BACKOFF } from './backoff';
import { isLoopbackAddress, serviceFor, type ServerAddress } from './server-address';
import { classifySignInError, isPermanent, SignInFailure, TlsRequiredError } from './sign-in-errors';
import { guardInboundStream } from './inbound-stream-guard';
import { IqRequests } from './iq-requests';
import { useStreamParser } from './use-stream-parser';
import { rawSocket, remoteAddress } from './sockets';
import { watchForStalls } from './stall-watch';
import { fixStreamManagementCounting, fixStreamManagementQueue } from './stream-management-fix';

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

const STREAMS_NS = 'http://etherx.jabber.org/streams';
const ATTEMPT_TIMEOUT_MS = 20_000;
const ACK_REQUEST_DEBOUNCE_MS = 20;

/** Dead-connection detection (stall-watch.ts); the defaults are @xmpp/stream-management's own. */
export interface ConnectionOptions {
  /** How long a probe (`<r/>`, or a ping before stream management is on) may go unanswered. */
  ackTimeoutMs?: number;
  /** After how long without anything from the server a probe checks the connection. */
  idleProbeMs?: number;
}

const DEFAULT_ACK_TIMEOUT_MS = 60_000;
const DEFAULT_IDLE_PROBE_MS = 30_000;

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
  /** Settles when this session's initial presence has gone out (see whenAvailable). */
  private available = settleable();
  private sessions = 0;
  private readonly stalls: { probeNow(): void };
  private readonly iq: IqRequests;
  private rosterVersioning = false;

  constructor(
    private readonly account: Account,
    private readonly log: Logger,
    private readonly backoff: BackoffPolicy = RECONNECT_BACKOFF,
    options: ConnectionOptions = {},
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
    this.iq = new IqRequests(this.xmpp);
    // Our parser: faster than ltx, strict about what RFC 6120 §11 forbids, bounded in depth and size.
    useStreamParser(this.xmpp, this.log);
    // Malformed XML or invalid UTF-8 from the server must end the stream, not the process (issue 5).
    guardInboundStream(this.xmpp, this.log);
    // @xmpp/stream-management 0.14 miscounts inbound stanzas, which breaks resumption (issue 5).
    fixStreamManagementCounting(this.xmpp, this.log);
    // ...and keeps stanzas queued across a drop that leaves nothing to resume, which breaks the next session's.
    fixStreamManagementQueue(this.xmpp, this.log);
    // The server's <a/> is what makes a message *sent*: the library asks for it 250 ms after the
    // last send, which every tick then waits for. A burst still gets one <r/> (issue 6, #9).
    (this.xmpp.streamManagement as unknown as { requestAckDebounce: number }).requestAckDebounce = ACK_REQUEST_DEBOUNCE_MS;
    // A connection that silently stops delivering is dropped, so it reconnects and resumes (issue 5).
    this.stalls = watchForStalls(this.xmpp, this.log, {
      ackTimeoutMs: options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
      idleProbeMs: options.idleProbeMs ?? DEFAULT_IDLE_PROBE_MS,
    });
    // An 'error' event without a listener would kill the process (docs/protocol.md).
    this.xmpp.on('error', (error) => this.log.warn('xmpp error', error));
    this.xmpp.on('stanza', (stanza) => {
      try {
        this.emit('stanza', stanza);
      } catch (error) {
        this.log.error('stanza handler failed; stanza dropped', error, stanza.toString().slice(0, 2000));
      }
    });
    this.xmpp.on('status', (status) => this.onStatus(status));
    // The features after authentication are the ones that count: Prosody offers versioning only then.
    this.xmpp.on('element', (element) => {
      if (element.is('features', STREAMS_NS)) this.rosterVersioning = element.getChild('ver', NS.rosterVersioning) !== undefined;
    });
    this.xmpp.streamManagement.on('resumed', () => this.becameOnline(true));
    this.xmpp.on('send', (element) => {
      if (element.is('presence') && !element.attrs.to && !element.attrs.type) this.available.settle();
    });
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Whether the server advertised roster versioning (RFC 6121 §2.6.1) on this stream. */
  get offersRosterVersioning(): boolean {
    return this.rosterVersioning;
  }

  get client(): XmppClient {
    return this.xmpp;
  }

  /** The local part of the account's address (XEP-0077 names the account by it). */
  get username(): string {
    return this.account.local;
  }

  /** Whether `password` is the one this connection signs in with. */
  hasPassword(password: string): boolean {
    return password === this.account.password;
  }

  /** The server took a new password (XEP-0077 §3.3): reconnections sign in with it from now on. */
  passwordChanged(password: string): void {
    this.account.password = password;
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

  /**
   * The network came back or the machine woke (or the person asked): waiting out the backoff is
   * pointless, so a connection that is down tries again now; one that looks up may have died
   * while the machine slept, so it is probed now rather than after the idle time.
   */
  checkNow(): void {
    if (!this.wanted) return;
    if (this.state.status === 'online') {
      this.stalls.probeNow();
    } else if (this.state.status === 'connecting' && !this.attemptInFlight) {
      clearTimeout(this.retryTimer);
      void this.reconnect();
    }
  }

  async send(element: Element): Promise<void> {
    // FIX (issue 5, found by test/integration/faults.test.ts): on a resumption the server sends
    // what we missed right after <resumed/>, before the library calls the stream online again;
    // receipts owed for those messages were refused here and lost. Wait for the attempt instead.
    if (this.xmpp.status !== 'online' && this.attemptInFlight) await this.attemptInFlight.catch(() => undefined);
    if (this.xmpp.status !== 'online') throw offline('Not connected');
    try {
      await this.xmpp.send(element);
    } catch (error) {
      // FIX (issue 5, found by test/integration/faults.test.ts): the socket died between the
      // state check and the write ("Cannot call write after a stream was destroyed", EPIPE). The
      // library queues a stanza for XEP-0198 only once its write succeeded, so this one was in
      // neither the socket nor the queue. While the session can be resumed, it joins the queue as
      // if written: the resumption sends it again unless the server's count says it arrived, and a
      // failed resumption fails it ('fail'; the message stays pending for the outbox). Otherwise
      // it is being offline, not a failure of the message: GlanceCore turns an error's `condition`
      // into the command's Result, and the outbox keeps an `offline` message pending.
      if (this.queueForResumption(element)) return;
      throw offline((error as Error)?.message ?? 'The connection was lost', error);
    }
  }

  private queueForResumption(element: Element): boolean {
    const sm = this.xmpp.streamManagement as unknown as { id?: string; enabled: boolean; outbound_q: { stanza: Element; stamp: string }[] };
    const stanza = element.name === 'message' || element.name === 'presence' || element.name === 'iq';
    if (!stanza || !sm.id || !Array.isArray(sm.outbound_q)) return false;
    sm.outbound_q.push({ stanza: element, stamp: new Date().toISOString().split('.')[0] + 'Z' });
    this.log.info('a stanza whose write failed waits for the resumption');
    return true;
  }

  /**
   * FIX (issue 5, found by test/integration/faults.test.ts: messages lost at the start of a
   * session). Resolves once this session has sent its initial presence (at most `timeoutMs`).
   * Prosody does not hand its offline messages to a session that queried the archive before it
   * became available (mod_mam: "Don't broadcast offline messages to clients that have queried the
   * archive"). A message that reached the server after an archive walk but before our presence was
   * then in neither: offline storage was never delivered, and the next walk starts after newer
   * messages. Archive queries wait for this, so whatever arrives before the walk is in the walk,
   * and whatever arrives after the presence is delivered live.
   */
  whenAvailable(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([this.available.promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** An IQ round trip; resolves with the whole result stanza, rejects with an IqError or a timeout. */
  request(element: Element, timeoutMs = 15_000): Promise<Element> {
    return this.iq.request(element, timeoutMs);
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
      // Nagle delays small writes (markers, acks) by ~40 ms on loopback (docs/protocol.md).
      rawSocket(this.xmpp)?.setNoDelay(true);
    }
    if (status === 'disconnect' && this.wanted && this.state.status === 'online') {
      this.log.info('connection dropped; reconnecting');
      this.scheduleReconnect({ code: 'unreachable', detail: 'The connection was lost' });
    }
  }

  private becameOnline(resumed: boolean): void {
    this.attempt = 0;
    if (!resumed) {
      this.sessions += 1;
      this.available = settleable();
    }
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

/** A send that could not reach the wire: `condition` is what GlanceCore reports (the contract's `offline`). */
function offline(message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { condition: 'offline' });
}

function settleable(): { promise: Promise<void>; settle: () => void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
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
