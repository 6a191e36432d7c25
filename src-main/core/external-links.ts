const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The only links Glance hands to the system: parsed, not pattern-matched, so that
 * `javascript:`, `file:`, custom schemes and tricks like `https:\\` or embedded credentials
 * never reach the OS.
 */
export function safeExternalUrl(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && (!url.hostname || url.username || url.password)) return undefined;
  return url.href;
}
