import net from 'node:net';
import xml from '@xmpp/xml';
import type { XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';

const NS_SM = 'urn:xmpp:sm:3';
const NS_PING = 'urn:xmpp:ping';
/** As the library: one probe shortly after a burst of sends, not one per stanza. */
const AFTER_SEND_MS = 250;

export interface StallWatchOptions {
  /** How long a probe (`<r/>`, or a ping while stream management is not on) may go unanswered. */
  ackTimeoutMs: number;
  /** After how long without anything from the server a probe checks the connection. */
  idleProbeMs: number;
}

/**
 * FIX (issue 5, found by test/integration/faults.test.ts): notices a connection that silently
 * stopped delivering, and drops it so Connection reconnects (and resumes).
 *
 * What @xmpp/stream-management 0.14 does alone: it sends `<r/>` 250 ms after we send stanzas and
 * every `requestAckInterval` (30 s) after the last thing received, and when an `<r/>` stays
 * unanswered for `sm.timeout` (60 s) it calls `disconnect()`. Three problems:
 * - only while stream management is enabled: a stall between binding and `<enabled/>` (the first
 *   round trip of every new session) or on a server without XEP-0198 is never noticed; the
 *   session stays "online" while messages vanish into the socket;
 * - `disconnect()` closes gracefully over the dead link: it waits for the server's
 *   `</stream:stream>` and then for the socket to close, 10 s each (the client's `timeout`), leaves
 *   the socket half open, and if the link comes back, the close tells the server to end the
 *   session rather than keep it for resumption;
 * - 60 s + up to 30 s is long to look "online" on a dead connection (tests need seconds).
 *
 * Here the library's timers are off (`sm.timeout = 0`, `requestAckInterval = 0`; its `<r/>` after
 * sends stays) and this watch probes instead: with `<r/>` when stream management is on, else with
 * a XEP-0199 ping to the server; a probe goes out shortly after we send a stanza and after
 * `idleProbeMs` of silence. Anything received answers it. No answer within `ackTimeoutMs`: the
 * socket is destroyed, which Connection sees as a drop.
 */
export function watchForStalls(xmpp: XmppClient, log: Logger, options: StallWatchOptions): { probeNow(): void } {
  const sm = xmpp.streamManagement as unknown as { timeout: number; requestAckInterval: number; enabled: boolean };
  sm.timeout = 0;
  sm.requestAckInterval = 0;
  let awaiting: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  let soon: NodeJS.Timeout | undefined;
  let probes = 0;

  const stop = () => {
    clearTimeout(awaiting);
    clearTimeout(idle);
    clearTimeout(soon);
    awaiting = idle = soon = undefined;
  };
  const expectAnswer = () => {
    awaiting ??= setTimeout(() => {
      awaiting = undefined;
      log.warn(`no answer from the server within ${options.ackTimeoutMs} ms; dropping the connection`);
      rawSocket(xmpp)?.destroy();
    }, options.ackTimeoutMs);
  };
  const probe = () => {
    soon = undefined;
    if (awaiting || xmpp.status !== 'online') return;
    // The library's own <r/> (below) also starts the wait when it goes out.
    const element = sm.enabled ? xml('r', { xmlns: NS_SM }) : xml('iq', { type: 'get', id: `glance-probe-${++probes}` }, xml('ping', { xmlns: NS_PING }));
    expectAnswer();
    xmpp.send(element).catch(() => undefined);
  };

  // Anything from the server shows the link is alive, as the library's own timer assumes.
  xmpp.on('element', () => {
    clearTimeout(awaiting);
    awaiting = undefined;
    clearTimeout(idle);
    idle = setTimeout(probe, options.idleProbeMs);
  });
  xmpp.on('send', (element: Element) => {
    if (element.is('r', NS_SM)) expectAnswer();
    else if (!sm.enabled && isStanza(element) && !soon && !awaiting) soon = setTimeout(probe, AFTER_SEND_MS);
  });
  xmpp.on('disconnect', stop);
  xmpp.on('offline', stop);
  return {
    probeNow() {
      clearTimeout(soon);
      probe();
    },
  };
}

function isStanza(element: Element): boolean {
  return element.name === 'message' || element.name === 'presence' || element.name === 'iq';
}

function rawSocket(xmpp: XmppClient): net.Socket | undefined {
  const socket = xmpp.socket as unknown;
  if (socket instanceof net.Socket) return socket;
  const inner = (socket as { socket?: unknown } | null)?.socket;
  return inner instanceof net.Socket ? inner : undefined;
}
