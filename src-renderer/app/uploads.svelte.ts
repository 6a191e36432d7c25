import type { EphemeralEvent, GlanceBridge } from '../../src-shared/contract';

export interface UploadProgress {
  sent: number;
  total: number;
}

/** How far each upload of this run has gone (the core's `upload` ephemeral events), by message id. */
export class Uploads {
  progress = $state.raw<Readonly<Record<string, UploadProgress>>>({});

  constructor(private readonly bridge: Pick<GlanceBridge, 'invoke'>) {}

  apply(events: readonly EphemeralEvent[]): void {
    let next: Record<string, UploadProgress> | undefined;
    for (const event of events) {
      if (event.kind !== 'upload') continue;
      next ??= { ...this.progress };
      next[event.id] = { sent: event.sent, total: event.total };
    }
    if (next) this.progress = next;
  }

  /** Percent done, 0–100, or undefined when no upload of `id` has begun in this run. */
  percent(id: string | undefined): number | undefined {
    const progress = id === undefined || !Object.hasOwn(this.progress, id) ? undefined : this.progress[id];
    if (!progress) return undefined;
    return progress.total === 0 ? 100 : Math.floor((progress.sent / progress.total) * 100);
  }

  /** Stops the upload: the core sends nothing, and the message shows it was cancelled. */
  cancel(id: string): Promise<void> {
    return this.bridge.invoke('cancelUpload', { id });
  }
}
