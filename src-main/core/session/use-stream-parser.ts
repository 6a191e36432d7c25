import type { XmppClient } from '@xmpp/client';
import { Parser as LtxStreamParser } from '@xmpp/xml';
import type { Logger } from '../log';
import { StreamParser } from '../xml/stream-parser';

type Transport = (new (...args: never[]) => object) & { prototype: { Parser?: unknown } };

/**
 * Every stream this client opens is parsed by our StreamParser (docs/architecture.md, "The stream
 * parser"). @xmpp/client-core's `connect()` takes the parser class from the transport it picks
 * (`this.Parser = Transport.prototype.Parser`) and `open()` makes a new one per stream, so each
 * TCP/TLS transport of this client is swapped for a subclass that names ours; other clients in the
 * process keep theirs. A transport with another parser (WebSocket's framed one) is left alone.
 * Returns false (and changes nothing) when the library no longer has this shape.
 * Guarded by test/integration/core-session.test.ts ("parses the stream with StreamParser").
 */
export function useStreamParser(xmpp: XmppClient, log: Logger): boolean {
  const entity = xmpp as unknown as { transports?: Transport[] };
  if (!Array.isArray(entity.transports) || !entity.transports.some((t) => t.prototype.Parser === LtxStreamParser)) {
    log.warn('stream parser: @xmpp/client changed shape; parsing with @xmpp/xml');
    return false;
  }
  entity.transports = entity.transports.map((Transport) => {
    if (Transport.prototype.Parser !== LtxStreamParser) return Transport;
    const WithStreamParser = class extends Transport {};
    (WithStreamParser.prototype as { Parser?: unknown }).Parser = StreamParser;
    return WithStreamParser;
  });
  return true;
}
