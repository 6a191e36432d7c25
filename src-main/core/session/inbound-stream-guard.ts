import type { XmppClient } from '@xmpp/client';
import { TextDecoder } from 'node:util';
import type { Logger } from '../log';

/**
 * FIX (issue 5, "Hostile and broken input"; found by test/integration/hostile-input.test.ts):
 * @xmpp/connection 0.14 feeds every socket read to the XML parser as `data.toString('utf8')` from
 * a socket 'data' listener, with no guard. Against a broken or hostile stream that:
 *
 * 1. crashes the process on malformed XML. On a mismatched end tag (`<body>x</bod>`) the parser
 *    emits 'error'; the library answers with a stream error and detaches its listeners at once,
 *    but ltx goes on parsing the rest of the same read, emits 'error' again with no listener left,
 *    and Node throws it out of the socket listener (uncaught exception). Any later read then hits
 *    `this.parser.write` with the parser gone (TypeError, uncaught again).
 * 2. crashes the process on an illegal character reference or entity (`&#0;`, `&bogus;`): ltx's
 *    unescape throws straight out of `parser.write`.
 * 3. corrupts text: each read is decoded on its own, so a multi-byte character split between two
 *    TCP reads (any long CJK or emoji message, or a big archive page) becomes two U+FFFD; and
 *    invalid UTF-8 is silently replaced instead of being treated as the broken stream it is
 *    (RFC 6120 §11.6).
 *
 * The guard replaces the entity's `_onData` (before the first socket is attached, which binds it):
 * bytes are decoded strictly and statefully per socket; invalid UTF-8, characters XML 1.0 forbids,
 * and anything `parser.write` throws become the parser's own 'error', so the library's handling of
 * a broken stream applies (stream error `bad-format`, close; Connection then reconnects and the
 * archive sync fetches what the dropped stream still held); once the library has let go of the
 * parser, what still arrives on that socket is dropped. Returns false (and changes nothing) when
 * the library no longer has this shape.
 */
export function guardInboundStream(xmpp: XmppClient, log: Logger): boolean {
  const entity = xmpp as unknown as GuardedEntity;
  if (typeof entity._onData !== 'function' || !('parser' in entity)) {
    log.warn('inbound stream guard: @xmpp/connection changed shape; not applied');
    return false;
  }
  let decoder: TextDecoder | undefined;
  let decoderFor: unknown;
  entity._onData = function guardedOnData(this: GuardedEntity, data: Buffer | string): void {
    const parser = this.parser;
    if (!parser) return;
    if (this.socket !== decoderFor || !decoder) {
      decoderFor = this.socket;
      decoder = new TextDecoder('utf-8', { fatal: true });
    }
    try {
      const text = typeof data === 'string' ? data : decoder.decode(data, { stream: true });
      const forbidden = FORBIDDEN_CHARACTERS.exec(text);
      // What came before it in this read is still the stream: the stanzas it completes count.
      parser.write(forbidden ? text.slice(0, forbidden.index) : text);
      if (forbidden) throw new Error(`character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`);
    } catch (error) {
      // Still the stream's parser, and the library still listens: let it handle the broken stream.
      if (this.parser === parser && parser.listenerCount('error') > 0) {
        parser.emit('error', error);
      } else {
        log.debug('inbound stream guard: dropped the rest of a stream already given up', error);
      }
    }
  };
  return true;
}

/** XML 1.0 §2.2 Char: no C0 controls but tab, LF and CR; no U+FFFE, U+FFFF. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

interface ParserLike {
  write(text: string): void;
  emit(event: 'error', error: unknown): boolean;
  listenerCount(event: string): number;
}

interface GuardedEntity {
  _onData(data: Buffer | string): void;
  parser: ParserLike | null;
  socket: unknown;
}
