/**
 * Runs async steps strictly one after another (each reads and replaces a list's window). `onBusy`
 * hears true when a step is queued and false once the last queued step is done; a failed step
 * goes to `onError` and the next one still runs.
 */
export class StepQueue {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(private readonly hooks: { onBusy(busy: boolean): void; onError(error: unknown): void }) {}

  run(step: () => Promise<void>): void {
    this.queued++;
    this.hooks.onBusy(true);
    this.tail = this.tail
      .then(step)
      .catch((error: unknown) => this.hooks.onError(error))
      .finally(() => {
        if (--this.queued === 0) this.hooks.onBusy(false);
      });
  }
}
