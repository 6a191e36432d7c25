import type { Result, SyncError } from '../../../src-shared/contract';
import { serverFailure } from '../server-failure';
import { ArchiveSync } from '../archive/archive-sync';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * Our XEP-0313 archive, walked on the renderer's request (after every new session, from the newest
 * stanza-id it stored), in time slices at once (archive-sync.ts); each slice's progress goes to the
 * renderer as an `archiveProgress` history event after the messages it covers. Each result goes
 * through the same handlers as a live message, marked as a replay (never answered); notifications
 * wait for the whole walk (catch-up).
 */
export function archiveModule(ctx: CoreContext): CoreModule<'syncArchive'> {
  const { feed, notifier, session } = ctx;
  const archive = new ArchiveSync(ctx.log);
  return {
    name: 'archive (MAM)',
    stanzas: {
      'message:archive-result': ({ stanza }, link) => {
        archive.accept(stanza, link.bare);
      },
    },
    commands: {
      async syncArchive(request): Promise<Result<{ count: number; through: number }, SyncError>> {
        const after = typeof request?.after === 'string' && request.after ? request.after : undefined;
        const connection = session.onlineConnection;
        if (!connection) return { ok: false, error: 'offline' };
        // Our own account's archive, or the archive of a room we know (XEP-0313 §5).
        const room = request?.archive !== undefined && request.archive !== connection.bare ? request.archive : undefined;
        if (room !== undefined && !ctx.rooms.get(room)?.info.archived) return { ok: false, error: 'unsupported' };
        notifier.holdForCatchUp();
        let through = 0;
        // Routing is synchronous: whatever the feed numbered meanwhile came from this walk.
        const numbered = (work: () => void) => {
          const before = feed.lastSeq;
          work();
          if (feed.lastSeq > before) through = feed.lastSeq;
        };
        try {
          const { count } = await archive.sync(
            connection,
            {
              ...(after !== undefined ? { after } : {}),
              ...(room !== undefined ? { archive: room } : {}),
              ...(request?.slices ? { slices: request.slices } : {}),
            },
            {
              page: (messages) =>
                numbered(() => {
                  for (const archived of messages) {
                    const timestamp = ctx.order.archiveTimestamp(archived, Date.now());
                    ctx.wiring.routeArchived(archived.message, { stanzaId: archived.stanzaId, timestamp }, connection);
                  }
                }),
              progress: (slices) =>
                numbered(() =>
                  feed.push({
                    kind: 'archiveProgress',
                    progress: { ...(request?.archive !== undefined ? { archive: request.archive } : {}), from: after!, slices: slices.map((s) => ({ ...s })) },
                  }),
                ),
            },
          );
          return { ok: true, value: { count, through } };
        } catch (error) {
          return { ok: false, error: serverFailure(error) };
        } finally {
          // The walk's last page goes out, and the notifier sees it, before the catch-up ends and the reply leaves.
          await feed.flushed();
          notifier.releaseCatchUp();
        }
      },
    },
  };
}
