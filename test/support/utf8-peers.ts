import { StringDecoder } from 'node:string_decoder';
import type { XmppClient } from '@xmpp/client';

/**
 * @xmpp/connection 0.14 decodes each socket read on its own (`data.toString('utf8')`), so a
 * multi-byte character split between two TCP reads arrives as U+FFFD. Glance's core has its own
 * guard (src-main/core/session/inbound-stream-guard.ts); test peers get this one, per client (never
 * on the library's prototype, which the core's client shares: the core's test must see the core's
 * fix alone), so what they read from the server (an archive walk to compare history with) is what
 * the server sent. Call before the client connects (the library binds `_onData` to the socket then).
 */
export function decodeUtf8AcrossReads(client: XmppClient): void {
  const decoders = new WeakMap<object, StringDecoder>();
  const entity = client as unknown as { _onData(data: Buffer): void; socket: object | null; parser: { write(text: string): void } | null };
  entity._onData = function (this: typeof entity, data: Buffer) {
    if (!this.socket || !this.parser) return;
    let decoder = decoders.get(this.socket);
    if (!decoder) decoders.set(this.socket, (decoder = new StringDecoder('utf8')));
    this.parser.write(decoder.write(data));
  };
}
