import { conversationInCommand } from '../conversation-input';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Notifications: the tracker sees each fresh history batch as the feed sends it (never a
 * replay), holds the catch-up of a new session until MDS is fetched (displayed.ts) and archive
 * walks are done (archive.ts), and learns what the person is reading and how much is unread.
 */
export function notificationsModule(ctx: CoreContext): CoreModule<'reportReading' | 'reportUnread'> {
  const { notifier, state } = ctx;
  ctx.feed.observe((batch) => notifier.observeHistory(batch));
  return {
    name: 'notifications',
    // First in the list: the hold starts before any stanza of the new session is routed.
    sessionStarted: () => notifier.sessionStarted(),
    signedOut: () => notifier.reset(),
    commands: {
      async reportReading(request) {
        state.readingNow = conversationInCommand(request?.conversation) ?? null;
      },
      async reportUnread(request) {
        if (Number.isInteger(request?.total) && request.total >= 0) state.unreadTotal = request.total;
      },
    },
  };
}
