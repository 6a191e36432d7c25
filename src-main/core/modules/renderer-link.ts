import type { CoreContext } from './context';
import type { CoreModule } from './module';

/** The renderer's side of the feed: a renderer that (re)starts asks for the snapshot, and acknowledges what it stored. */
export function rendererLinkModule(ctx: CoreContext): CoreModule<'getSnapshot' | 'ackHistory'> {
  const { feed } = ctx;
  return {
    name: 'renderer link',
    commands: {
      async getSnapshot() {
        // A renderer asking for the snapshot has (re)started: the feed's next batch (after this
        // reply) hands it every event it has not acknowledged yet.
        feed.replay();
        return ctx.wiring.snapshot();
      },
      async ackHistory(request) {
        if (Number.isInteger(request?.through)) feed.acknowledge(request.through);
      },
    },
  };
}
