import { app } from 'electron';
import { parseXmppUri, xmppLinkRequest, type XmppLinkRequest } from '../core/xmpp-uri';

export const XMPP_SCHEME = 'xmpp';

/**
 * Makes Glance the system's handler for `xmpp:` links. Only an installed build claims it: a
 * development run (`electron .`) would register the bare Electron binary. The installers
 * declare the scheme too (electron-builder `protocols`: Info.plist, desktop entry, registry).
 */
export function registerXmppHandler(): void {
  if (app.isPackaged && !app.isDefaultProtocolClient(XMPP_SCHEME)) app.setAsDefaultProtocolClient(XMPP_SCHEME);
}

/** Windows and Linux pass the link as a command-line argument (first launch or `second-instance`). */
export function xmppLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^xmpp:/iu.test(arg));
}

/** The request a link makes, or why it was refused (for the log). */
export function requestForXmppLink(link: string): { ok: true; request: XmppLinkRequest } | { ok: false; error: string } {
  const parsed = parseXmppUri(link);
  return parsed.ok ? { ok: true, request: xmppLinkRequest(parsed.uri) } : { ok: false, error: parsed.error };
}
