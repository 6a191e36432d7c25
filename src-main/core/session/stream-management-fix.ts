import type { EventEmitter } from 'node:events';
import type { XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';

const NS_SM = 'urn:xmpp:sm:3';
const NS_SASL2 = 'urn:xmpp:sasl:2';
const NS_BIND2 = 'urn:xmpp:bind:0';

/**
 * Corrects the inbound stanza counter ('h', XEP-0198) of @xmpp/stream-management 0.14.0, which
 * has two defects (docs/protocol.md, "@xmpp/client 0.14: defects and limits we work around"; issue 5, item 1):
 *
 * 1. IQ replies are not counted. The library counts in an incoming middleware registered after
 *    @xmpp/iq's caller, and the caller consumes the replies it awaits without calling `next()`.
 *    The server then believes it still owes us those stanzas: after a resume it sends them again
 *    (already delivered ones come twice), and once ~500 replies are missing from our count
 *    Prosody's queue overflows and the session can no longer be resumed at all.
 * 2. The reset to 0 comes too late. `enabled()` sets `inbound = 0` after `await`ing the
 *    `<enabled/>` procedure, a microtask after the element was parsed, so stanzas parsed from the
 *    same TCP read are counted and then wiped. The next `<a h/>` is then lower than one already
 *    sent, and Prosody closes the stream ("Client acknowledged less stanzas than already
 *    acknowledged").
 *
 * The fix counts on the connection's synchronous 'element' event, which sees every top-level
 * element the parser produces before any middleware can swallow it, and resets when `<enabled/>`
 * is parsed. `sm.inbound` becomes a read-only view of that count, so every place the library reads
 * it uses the corrected value: the `<a/>` answering `<r/>`, the `<a/>` sent before closing, and the
 * `h` of `<resume/>`. The library's own writes (`+= 1` in its middleware, `= 0` in `enabled()`
 * and on 'offline') are discarded, so a later version that counts on its own cannot make us count
 * twice. If the library no longer exposes a plain numeric `inbound`, nothing is changed and a
 * warning is logged: check then whether the defects are fixed upstream and drop this module.
 *
 * Returns false when the fix could not be applied.
 */
export function fixStreamManagementCounting(xmpp: XmppClient, log: Logger): boolean {
  const sm = xmpp.streamManagement as unknown as Record<string, unknown>;
  const descriptor = Object.getOwnPropertyDescriptor(sm, 'inbound');
  if (!descriptor?.configurable || !('value' in descriptor) || typeof descriptor.value !== 'number') {
    log.warn('stream management: @xmpp/stream-management changed shape; inbound counter fix not applied');
    return false;
  }

  let inbound = descriptor.value;
  Object.defineProperty(sm, 'inbound', {
    configurable: true,
    enumerable: true,
    get: () => inbound,
    // Writes by the library are the defective counting; ours are the only ones that count.
    set: () => undefined,
  });

  const emitter = xmpp as unknown as EventEmitter;
  // Prepended, so the count is right before the library (or anything that might throw) sees it.
  emitter.prependListener('element', (element: Element) => {
    if (isStanza(element)) {
      inbound += 1;
    } else if (element.is('enabled', NS_SM) || isInlineEnabled(element)) {
      // XEP-0198 §4: "set to zero and started after receiving either <enable/> or <enabled/>".
      inbound = 0;
    }
    // <resumed/> keeps the count: it continues from the h we sent in <resume/> (XEP-0198 §5), and
    // nothing reaches us on the new stream between the two.
  });
  // A stopped client forgets its session (the library clears sm.id): the next one starts over.
  emitter.on('offline', () => {
    inbound = 0;
  });
  return true;
}

function isStanza(element: Element): boolean {
  return element.name === 'message' || element.name === 'presence' || element.name === 'iq';
}

/** `<enabled/>` inside SASL2's `<success><bound/></success>` (Bind 2), as the library also handles. */
function isInlineEnabled(element: Element): boolean {
  return element.is('success', NS_SASL2) && element.getChild('bound', NS_BIND2)?.getChild('enabled', NS_SM) !== undefined;
}

/**
 * FIX (issue 5, found by test/integration/faults.test.ts): @xmpp/stream-management 0.14 keeps
 * every stanza sent after `<enable/>` in its outbound queue, and clears the queue only when a
 * resumption fails or the client stops. When the connection drops after `<enable/>` but before
 * `<enabled/>` (a stall or cut in the first round trip of a session), or the server enabled it
 * without resumption, there is nothing to resume: the next connection binds a new session, and the
 * library then finds its queue not empty, throws "Stream Management assertion failure, queue
 * should be empty after enable" and never calls `enabled()`. That whole session then runs without
 * stream management: the server's acks are never asked for (no message becomes *sent*, so all are
 * sent again after the next new session), it cannot be resumed, and an `<a/>` would acknowledge
 * the stale entries at the head of the queue instead of the stanzas it counts.
 *
 * Here a drop that leaves nothing to resume (no session id) fails the queue at once, as the
 * library does after a failed resumption: each stanza gets a 'fail' event (an unacknowledged
 * message stays *pending*, and the renderer's outbox sends it again in the next session).
 */
export function fixStreamManagementQueue(xmpp: XmppClient, log: Logger): void {
  const sm = xmpp.streamManagement as unknown as {
    id?: string;
    outbound: number;
    outbound_q: { stanza: Element }[];
    emit(event: 'fail', stanza: Element): boolean;
  };
  if (!Array.isArray(sm.outbound_q)) {
    log.warn('stream management: @xmpp/stream-management changed shape; queue fix not applied');
    return;
  }
  (xmpp as unknown as EventEmitter).on('disconnect', () => {
    if (sm.id || sm.outbound_q.length === 0) return;
    const stale = sm.outbound_q.splice(0);
    sm.outbound = 0;
    log.info(`stream management: ${stale.length} unacknowledged stanzas cannot be resumed; failed`);
    for (const { stanza } of stale) sm.emit('fail', stanza);
  });
}
