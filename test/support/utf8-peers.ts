import { StringDecoder } from 'node:string_decoder';
import Connection from '@xmpp/connection';

/**
 * @xmpp/connection 0.14 decodes each socket read on its own (`data.toString('utf8')`), so a
 * multi-byte character split between two TCP reads arrives as U+FFFD. Glance's core has its own
 * guard (src-main/core/session/inbound-stream-guard.ts); the plain test peers use this, so what
 * they read from the server (an archive walk to compare history with) is what the server sent.
 * Call before connecting the peers (the library binds `_onData` when a socket is first attached).
 */
export function decodeUtf8AcrossReads(): void {
  const proto = Connection.prototype as unknown as { _onData(data: Buffer): void; __utf8Safe?: true };
  if (proto.__utf8Safe) return;
  const decoders = new WeakMap<object, StringDecoder>();
  proto._onData = function (this: { socket: object | null; parser: { write(text: string): void } | null }, data: Buffer) {
    if (!this.socket || !this.parser) return;
    let decoder = decoders.get(this.socket);
    if (!decoder) decoders.set(this.socket, (decoder = new StringDecoder('utf8')));
    this.parser.write(decoder.write(data));
  };
  proto.__utf8Safe = true;
}
