import { isIP } from 'node:net';
import { isLoopbackAddress } from '../session/server-address';

/**
 * Whether the core may upload to or download from `url`: https anywhere, plain http only to this
 * machine (as for the XMPP connection itself, docs/protocol.md). For http the connected socket's
 * address is checked again (`isLoopbackAddress`), so a name that resolves elsewhere gains nothing.
 * Guarded by test/unit/file-transfer.test.ts.
 */
export function transferUrlAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || (isIP(host) !== 0 && isLoopbackAddress(host));
}
