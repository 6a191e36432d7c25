import type { Result, RosterError } from '../../../src-shared/contract';
import { bareJid, isContactJid } from '../../../src-shared/jid';
import { buildSubscriptionPresence, parsePresence } from '../protocol/presence-codec';
import { NS } from '../protocol/namespaces';
import { buildRosterGet, buildRosterRemove, buildRosterSet, parseRosterItems, parseRosterVersion } from '../protocol/roster-codec';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * The roster (RFC 6121 §2) and subscriptions (§3): contacts, requests and the answers to them.
 * The roster is kept per account between sessions with its version (§2.6), so a sign-in whose
 * roster did not change gets an empty answer instead of every contact again.
 */
export function rosterModule(ctx: CoreContext): CoreModule<'addContact' | 'removeContact' | 'answerSubscription'> {
  const { roster, session, feed, rosterCache: cache } = ctx;
  const remember = (account: string, ver: string | undefined) =>
    void cache.save(account, { ver, items: roster.rosterItems() }).catch((error) => ctx.log.warn('roster not cached', error));
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
          const query = stanza.getChild('query', NS.roster);
          roster.apply(parseRosterItems(query));
          // A push carries the roster's new version (RFC 6121 §2.6.3); one without it leaves the
          // cache versionless, so the next sign-in fetches the whole roster.
          if (connection.offersRosterVersioning) remember(connection.bare, parseRosterVersion(query));
          feed.snapshotChanged();
          return true;
        },
      },
    ],
    async sessionFetch(connection) {
      const versioned = connection.offersRosterVersioning;
      const cached = versioned ? await cache.load(connection.bare).catch(() => undefined) : undefined;
      const held = cached?.ver !== undefined ? cached : undefined;
      const result = await connection.request(buildRosterGet(versioned ? (held?.ver ?? '') : undefined));
      const query = result.getChild('query', NS.roster);
      // RFC 6121 §2.6.3: an empty result says the roster we hold is current (changes, if any,
      // follow as pushes); test/integration/roster-versioning.test.ts.
      if (!query && held) roster.replace(held.items);
      else roster.replace(parseRosterItems(query));
      feed.snapshotChanged();
      if (versioned) remember(connection.bare, query ? parseRosterVersion(query) : held?.ver);
    },
    signedOut: () => roster.reset(),
    snapshot: () => ({ contacts: roster.contacts(), requests: roster.requests() }),
    commands: {
      async addContact(request): Promise<Result<void, RosterError>> {
        const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
        if (!isContactJid(jid)) return { ok: false, error: 'malformed-address' };
        return session.whileOnline(async (connection) => {
          // Adding someone already in the roster keeps the name and groups they have.
          const known = roster.get(jid);
          await connection.request(buildRosterSet(jid, request.name?.trim() || known?.name, known?.groups));
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
