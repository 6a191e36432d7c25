import type { BlockError, Result } from '../../../src-shared/contract';
import { bareJid, isPeerJid } from '../../../src-shared/jid';
import { blockedItems, buildBlock, buildBlocklistRequest, buildUnblock, parseBlockPush } from '../protocol/blocking-codec';
import { inviterOf } from '../protocol/muc-admin-codec';
import { NS } from '../protocol/namespaces';
import { buildSubscriptionPresence } from '../protocol/presence-codec';
import type { CoreContext } from './context';
import type { CoreModule, IqHandler } from './module';

/**
 * XEP-0191 blocking: the list fetched after each new session, kept current by the server's pushes
 * (our other devices block and unblock too), and the block and unblock commands. The server drops
 * what a blocked address sends; whatever still comes from one (an archive replay of older
 * messages, a stanza racing the block) is kept from every module here. Guarded by
 * test/integration/blocking.test.ts and test/e2e/blocking.test.ts.
 */
export function blockingModule(ctx: CoreContext): CoreModule<'block' | 'unblock'> {
  const { blocklist, roster, session, feed } = ctx;

  const push = (name: 'block' | 'unblock'): IqHandler => ({
    type: 'set',
    xmlns: NS.blocking,
    name,
    handle: ({ stanza, element }, connection) => {
      // XEP-0191 §3.3: pushes come from our own account only.
      if (stanza.attrs.from && bareJid(stanza.attrs.from) !== connection.bare) throw new Error('blocklist push from a stranger');
      const change = parseBlockPush(element);
      if (change?.kind === 'block') blocklist.add(change.jids);
      else if (change?.kind === 'unblock') blocklist.remove(change.jids);
      else if (change?.kind === 'unblock-all') blocklist.clear();
      feed.snapshotChanged();
      return true;
    },
  });

  return {
    name: 'blocking',
    iqs: [push('block'), push('unblock')],
    admits(inbound, kind) {
      if (kind === 'presence' || kind === 'presence:subscription') {
        const from = inbound.stanza.attrs.from;
        return !from || !blocklist.has(bareJid(from));
      }
      // An error bounced for one of our messages is about ours (sending to a blocked address is
      // refused by the server): it goes through, to mark that message failed.
      // An invitation is the inviter's (XEP-0045 §7.8.2: a room relays it, naming them); a blocked room's is dropped too.
      if (kind === 'message:invitation') {
        const inviter = inviterOf(inbound.stanza);
        const from = inbound.stanza.attrs.from;
        return !(inviter && blocklist.has(inviter)) && !(from && blocklist.has(bareJid(from)));
      }
      if (kind !== 'message:chat') return true;
      const envelope = inbound.envelope;
      return !envelope || envelope.sentByUs || !blocklist.has(envelope.conversation.jid);
    },
    async sessionFetch(connection) {
      const result = await connection.request(buildBlocklistRequest());
      blocklist.replace(blockedItems(result.getChild('blocklist', NS.blocking)));
      feed.snapshotChanged();
    },
    signedOut: () => blocklist.clear(),
    snapshot: () => ({ blocked: blocklist.list() }),
    commands: {
      async block(request): Promise<Result<void, BlockError>> {
        const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
        if (!isPeerJid(jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline(async (connection) => {
          // Blocking someone who asked to see our presence declines the request in the same step,
          // first: once blocked, the server lets no presence of ours reach them (mod_blocklist).
          if (roster.requests().includes(jid)) {
            await connection.send(buildSubscriptionPresence(jid, 'unsubscribed'));
            roster.resolveRequest(jid);
          }
          await connection.request(buildBlock(jid));
          blocklist.add([jid]);
          feed.snapshotChanged();
        });
      },
      async unblock(request): Promise<Result<void, BlockError>> {
        const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
        if (!isPeerJid(jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline(async (connection) => {
          await connection.request(buildUnblock(jid));
          blocklist.remove([jid]);
          feed.snapshotChanged();
        });
      },
    },
  };
}
