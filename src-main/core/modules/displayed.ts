import type { ConversationRef } from '../../../src-shared/contract';
import { conversationInCommand } from '../conversation-input';
import { parseMdsEvent } from '../protocol/mds-codec';
import { NS } from '../protocol/namespaces';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * How far the person has read, told to the other party (XEP-0333 marker) and to our other devices
 * (XEP-0490 MDS), and learnt from them: MDS fetched after each new session and pushed on change.
 */
export function displayedModule(ctx: CoreContext): CoreModule<'markDisplayed'> {
  const { feed, notifier, session, displayed } = ctx;
  return {
    name: 'displayed sync (MDS)',
    // `+notify`: our server pushes MDS changes from our other devices (XEP-0163, XEP-0490 §4).
    features: [`${NS.mds}+notify`],
    stanzas: {
      'message:pubsub-event': ({ stanza }, link) => {
        feed.readPoints(
          parseMdsEvent(stanza, link.bare).map((s) => ({ conversation: s.conversation, stanzaId: s.stanzaId, stanzaIdBy: s.by, source: 'mds' as const })),
        );
      },
    },
    async sessionStarted(connection) {
      try {
        await displayed.startSession(connection, (points) => feed.readPoints(points), ctx.markerPolicy());
      } finally {
        // Catch-up notifications wait for MDS, so what was read on another device never notifies:
        // the fetched read points reach the notifier with the feed's batch, then it may release.
        await feed.flushed();
        notifier.mdsFetched();
      }
    },
    signedOut: () => displayed.reset(),
    // A resumed stream starts no session, but what was read during the drop must still go out.
    sessionResumed(connection) {
      void displayed.sendUnsent(connection, ctx.markerPolicy());
    },
    commands: {
      async markDisplayed(request: { conversation: ConversationRef; markerFor?: string; stanzaId?: string }) {
        const conversation = conversationInCommand(request?.conversation);
        if (!conversation) return;
        const markerFor = typeof request.markerFor === 'string' && request.markerFor ? request.markerFor : undefined;
        const stanzaId = typeof request.stanzaId === 'string' && request.stanzaId ? request.stanzaId : undefined;
        // In a chat `markerFor` is the peer's message@id; in a room it is the room's stanza-id.
        notifier.readPoints([{ conversation, stanzaId, ...(conversation.kind === 'chat' ? { messageId: markerFor } : {}) }]);
        await displayed.markDisplayed(session.onlineConnection, { conversation, markerFor, stanzaId }, ctx.markerPolicy());
      },
    },
  };
}
