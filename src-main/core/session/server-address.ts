import { isIP } from 'node:net';

export interface ServerAddress {
  host: string;
  port: number;
}

/**
 * Parses the optional "Server" field: `host`, `host:port` or `[v6]:port`. Returns undefined for
 * an empty field (the DNS SRV lookup is used then) and throws for anything malformed.
 */
export function parseServerInput(input: string | undefined): ServerAddress | undefined {
  const text = input?.trim();
  if (!text) return undefined;
  const match = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^([^:\s[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) throw new Error(`Not a host or host:port: ${text}`);
  const port = match[2] === undefined ? 5222 : Number(match[2]);
  if (port < 1 || port > 65535) throw new Error(`Port out of range: ${match[2]}`);
  return { host: match[1], port };
}

/**
 * The @xmpp/client `service`: an explicit server is dialled directly (STARTTLS negotiated on it);
 * without one, a bare domain makes the client resolve `_xmpps-client`/`_xmpp-client` SRV records.
 */
export function serviceFor(domain: string, server: ServerAddress | undefined): string {
  if (!server) return domain;
  const host = isIP(server.host) === 6 ? `[${server.host}]` : server.host;
  // Port 5223 is the conventional direct-TLS port (XEP-0368); everything else starts in the clear.
  return `${server.port === 5223 ? 'xmpps' : 'xmpp'}://${host}:${server.port}`;
}

/** True for addresses on this machine, where a plain-text stream cannot be overheard. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
