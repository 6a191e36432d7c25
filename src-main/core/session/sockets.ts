import net from 'node:net';
import type { XmppClient } from '@xmpp/client';

/** The TCP socket under an @xmpp/client entity (after STARTTLS, the one the TLS wrapper holds). */
export function rawSocket(xmpp: XmppClient): net.Socket | undefined {
  const socket = xmpp.socket as unknown;
  if (socket instanceof net.Socket) return socket;
  const inner = (socket as { socket?: unknown } | null)?.socket;
  return inner instanceof net.Socket ? inner : undefined;
}

export function remoteAddress(xmpp: XmppClient): string | undefined {
  return rawSocket(xmpp)?.remoteAddress;
}
