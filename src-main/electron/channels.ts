export const INVOKE_CHANNEL = 'glance:invoke';
export const EVENT_CHANNEL = 'glance:event';
/** The custom scheme the app's own pages are served from (never file://). */
export const APP_SCHEME = 'glance';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * The URL (or origin) is one of the app's own pages. Compared by parts, because Node's URL gives
 * every non-special scheme the opaque origin "null": `new URL('glance://app/').origin` never
 * equals APP_ORIGIN.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === 'app' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
