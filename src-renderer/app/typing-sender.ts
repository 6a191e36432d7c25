/** The states the composer sends (XEP-0085); `gone` never. */
export type ComposerState = 'active' | 'composing' | 'paused' | 'inactive';

/** Without a keystroke for this long, composing becomes paused (XEP-0085 §5.3 suggests a few seconds; clients use 8–15 s). */
export const PAUSE_AFTER_MS = 8_000;

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/**
 * One conversation's outgoing chat states, from what the composer sees: typing sends one
 * `composing` (never repeated), `paused` after PAUSE_AFTER_MS without a keystroke, `active` when
 * the text is cleared, `inactive` when the conversation is left; a sent message carries
 * `<active/>` itself. Nothing is sent before the person typed (test/unit/typing.test.ts).
 */
export class TypingSender {
  private state: ComposerState | 'none' = 'none';
  private timer: unknown;

  constructor(
    private readonly send: (state: ComposerState) => void,
    private readonly timers: Timers = realTimers,
    private readonly pauseAfter = PAUSE_AFTER_MS,
  ) {}

  /** The composer's text changed to `text`. */
  typed(text: string): void {
    this.stopTimer();
    if (text.trim() === '') {
      if (this.state === 'composing' || this.state === 'paused') this.to('active');
      return;
    }
    this.to('composing');
    this.timer = this.timers.set(() => this.to('paused'), this.pauseAfter);
  }

  /** A message went out: it carried `<active/>`. */
  sent(): void {
    this.stopTimer();
    if (this.state !== 'none') this.state = 'active';
  }

  /** The conversation was left (closed, another one opened). */
  left(): void {
    this.stopTimer();
    if (this.state !== 'none') this.to('inactive');
  }

  private to(next: ComposerState): void {
    if (next === this.state) return;
    this.state = next;
    this.send(next);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
