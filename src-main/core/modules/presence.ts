import { buildCapsElement } from '../protocol/caps-codec';
import { buildOwnPresence, parsePresence } from '../protocol/presence-codec';
import { buildPresencePhoto } from '../protocol/vcard-codec';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Presence (RFC 6121 §4): ours, with XEP-0115 caps, and our contacts'. A contact's change goes to
 * the renderer as an ephemeral event, never stored; a renderer that starts finds everyone's
 * current presence in the snapshot (test/integration/core-session.test.ts).
 */
export function presenceModule(ctx: CoreContext): CoreModule<'setPresence'> {
  const { roster, feed, state, session } = ctx;
  return {
    name: 'presence',
    stanzas: {
      presence: ({ stanza }, link) => {
        const event = parsePresence(stanza);
        if (event?.kind !== 'availability' || event.from === link.bare) return;
        const before = roster.presenceOf(event.from);
        roster.applyPresence(event);
        if (!roster.get(event.from)) return;
        const after = roster.presenceOf(event.from);
        if (after.presence === before.presence && after.status === before.status) return;
        feed.ephemeral({ kind: 'presence', jid: event.from, presence: after.presence, ...(after.status !== undefined ? { status: after.status } : {}) });
      },
    },
    // After the roster and carbons (RFC 6121 §2.2); the caps announce mds+notify, so the server
    // pushes our other devices' MDS from now on.
    async sessionStarted(connection) {
      roster.clearPresence();
      feed.snapshotChanged();
      await connection.send(buildOwnPresence(state.ownPresence, undefined, buildCapsElement(ctx.wiring.features()), buildPresencePhoto(state.ownPhoto)));
    },
    snapshot: () => ({ ownPresence: state.ownPresence }),
    commands: {
      async setPresence(request) {
        if (!['available', 'away', 'dnd'].includes(request?.show)) return;
        state.ownPresence = request.show;
        const connection = session.onlineConnection;
        if (connection)
          await connection
            .send(buildOwnPresence(request.show, request.status, buildCapsElement(ctx.wiring.features()), buildPresencePhoto(state.ownPhoto)))
            .catch((e) => ctx.log.warn('presence not sent', e));
        feed.snapshotChanged();
      },
    },
  };
}
