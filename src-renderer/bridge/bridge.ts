import { BRIDGE_GLOBAL, type GlanceBridge } from '../../src-shared/contract';
import { createWebSocketBridge } from './websocket-bridge';

/**
 * The bridge to the main process: Electron's preload puts it on `window.glance`; in the browser
 * preview there is none, and the page talks to the preview server with the token from its URL.
 */
/** Whether the page runs in the Electron shell (its preload exposes the bridge), not the browser preview. */
export function inShell(): boolean {
  return typeof window !== 'undefined' && Boolean((window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL]);
}

export function getBridge(): GlanceBridge {
  const exposed = (window as unknown as Record<string, GlanceBridge | undefined>)[BRIDGE_GLOBAL];
  if (exposed) return exposed;
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('Glance preview: the page URL has no token');
  return createWebSocketBridge(token);
}
