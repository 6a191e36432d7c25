import { client, type XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';
import { NS } from '../protocol/namespaces';
import { guardInboundStream } from '../session/inbound-stream-guard';
import { IqRequests } from '../session/iq-requests';
import { isLoopbackAddress, serviceFor, type ServerAddress } from '../session/server-address';
import { TlsRequiredError } from '../session/sign-in-errors';
import { rawSocket, remoteAddress } from '../session/sockets';
import { useStreamParser } from '../session/use-stream-parser';

const STREAMS = 'http://etherx.jabber.org/streams';
const OPEN_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A stream to a server that stops before authentication, for XEP-0077 in-band registration:
 * @xmpp/client negotiates the transport and STARTTLS as for a sign-in, and when the server offers
 * SASL the credentials hook (the step after which nothing is anonymous any more) holds the stream
 * there instead of authenticating. The client has no registration support of its own; the
 * registration IQs go over this stream. TLS is required as at sign-in, except on loopback.
 * Guarded by test/integration/registration.test.ts.
 */
export class RegistrationStream {
  private constructor(
    private readonly xmpp: XmppClient,
    private readonly iq: IqRequests,
    /** The server listed `<register/>` among its stream features (XEP-0077 §4). */
    readonly offered: boolean,
    private readonly release: () => void,
  ) {}

  static async open(domain: string, server: ServerAddress | undefined, log: Logger): Promise<RegistrationStream> {
    let holdRelease: () => void = () => undefined;
    let reachedAuthentication: () => void = () => undefined;
    const beforeAuthentication = new Promise<void>((resolve) => (reachedAuthentication = resolve));
    const xmpp = client({
      service: serviceFor(domain, server),
      domain,
      timeout: 10_000,
      credentials: (_authenticate, _mechanisms, _fast, entity) => {
        if (!entity.isSecure() && !isLoopbackAddress(remoteAddress(entity))) return Promise.reject(new TlsRequiredError());
        reachedAuthentication();
        // Never authenticates: settles (as a refusal nobody waits for) when the stream is closed.
        return new Promise<void>((_resolve, reject) => (holdRelease = () => reject(new Error('registration stream closed'))));
      },
    });
    xmpp.reconnect.stop();
    // The same parser and the same guard as a signed-in connection: a server's broken XML ends
    // this stream, never the process (test/integration/hostile-input.test.ts covers them).
    useStreamParser(xmpp, log);
    guardInboundStream(xmpp, log);
    let features: Element | undefined;
    xmpp.on('element', (element) => {
      if (element.is('features', STREAMS)) features = element;
    });
    xmpp.on('status', (status) => {
      if (status === 'connect') rawSocket(xmpp)?.setNoDelay(true);
    });
    const errors: Error[] = [];
    xmpp.on('error', (error) => {
      errors.push(error);
      log.info('registration stream', error.message);
    });
    const iq = new IqRequests(xmpp);
    const started = xmpp.start().then(() => {
      throw new Error('signed in on a registration stream');
    });
    started.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('No answer from the server'), { name: 'TimeoutError' })), OPEN_TIMEOUT_MS);
    });
    try {
      await Promise.race([beforeAuthentication, started, timeout]);
    } catch (error) {
      await xmpp.disconnect().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const offered = Boolean(features?.getChild('register', NS.registerFeature));
    return new RegistrationStream(xmpp, iq, offered, () => holdRelease());
  }

  get open(): boolean {
    return this.xmpp.status !== 'offline' && this.xmpp.status !== 'disconnect';
  }

  request(element: Element): Promise<Element> {
    return this.iq.request(element, REQUEST_TIMEOUT_MS);
  }

  async close(): Promise<void> {
    this.release();
    await this.xmpp.disconnect().catch(() => undefined);
  }
}
