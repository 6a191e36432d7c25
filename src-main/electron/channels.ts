export const INVOKE_CHANNEL = 'glance:invoke';
export const EVENT_CHANNEL = 'glance:event';
/** The custom scheme the app's own pages are served from (never file://). */
export const APP_SCHEME = 'glance';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
