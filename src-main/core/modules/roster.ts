import type { Result, RosterError } from '../../../src-shared/contract';
import { bareJid, isContactJid } from '../../../src-shared/jid';
import { buildSubscriptionPresence, parsePresence } from '../protocol/presence-codec';
import { NS } from '../protocol/namespaces';
import { buildRosterGet, buildRosterRemove, buildRosterSet, parseRosterItems } from '../protocol/roster-codec';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/** The roster (RFC 6121 §2) and subscriptions (§3): contacts, requests and the answers to them. */
export function rosterModule(ctx: CoreContext): CoreModule<'addContact' | 'removeContact' | 'answerSubscription'> {
  const { roster, session, feed } = ctx;
  return {
    name: 'roster',
    stanzas: {
      'presence:subscription': ({ stanza }, link) => {
        const event = parsePresence(stanza);
        if (event && event.from !== link.bare && roster.applyPresence(event)) feed.snapshotChanged();
      },
    },
    iqs: [
      {
        type: 'set',
        xmlns: NS.roster,
        name: 'query',
        handle: ({ stanza }, connection) => {
          // RFC 6121 §2.1.6: a roster push is only valid from our own account.
          if (stanza.attrs.from && bareJid(stanza.attrs.from) !== connection.bare) throw new Error('roster push from a stranger');
          roster.apply(parseRosterItems(stanza.getChild('query', NS.roster)));
          feed.snapshotChanged();
          return true;
        },
      },
    ],
    async sessionStarted(connection) {
      const result = await connection.request(buildRosterGet());
      roster.replace(parseRosterItems(result.getChild('query', NS.roster)));
      feed.snapshotChanged();
    },
    signedOut: () => roster.reset(),
    snapshot: () => ({ contacts: roster.contacts(), requests: roster.requests() }),
    commands: {
      async addContact(request): Promise<Result<void, RosterError>> {
        const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
        if (!isContactJid(jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline(async (connection) => {
          await connection.request(buildRosterSet(jid, request.name?.trim() || undefined));
          await connection.send(buildSubscriptionPresence(jid, 'subscribe'));
        });
      },
      async removeContact(request): Promise<Result<void, RosterError>> {
        if (!isContactJid(request?.jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline((connection) => connection.request(buildRosterRemove(request.jid)).then(() => undefined));
      },
      async answerSubscription(request): Promise<Result<void, RosterError>> {
        const jid = request?.jid;
        if (!isContactJid(jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline(async (connection) => {
          await connection.send(buildSubscriptionPresence(jid, request.accept ? 'subscribed' : 'unsubscribed'));
          roster.resolveRequest(jid);
          const item = roster.get(jid);
          // Accepting someone also asks to see them, as people expect of a messenger contact.
          if (request.accept && item?.subscription !== 'to' && item?.subscription !== 'both' && !item?.pending) {
            await connection.send(buildSubscriptionPresence(jid, 'subscribe'));
          }
          feed.snapshotChanged();
        });
      },
    },
  };
}
