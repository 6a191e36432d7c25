import { completeMention, mentionQuery, suggestNicks } from './mention-input';

/**
 * The `@` listbox of a room's composer (the ARIA combobox pattern on the text area): open while a
 * mention is being typed and some nickname fits; Up and Down move through the nicknames, Enter or
 * Tab takes one, Escape closes it until the next `@`. It also remembers the nicknames taken, for
 * the references the message carries (mention-input.ts mentionsIn).
 */
export class MentionPicker {
  options = $state.raw<string[]>([]);
  active = $state(0);
  private query: { start: number; query: string } | undefined;
  private dismissedAt: number | undefined;
  /** Not shown anywhere, so not reactive. */
  readonly chosen: string[] = [];

  get open(): boolean {
    return this.options.length > 0;
  }

  /** After each change of the text or caret: what the `@` before the caret offers now. */
  update(text: string, caret: number, nicks: readonly string[], own: string, locale: string): void {
    this.query = mentionQuery(text, caret);
    if (!this.query || this.query.start === this.dismissedAt) {
      this.close();
      return;
    }
    this.dismissedAt = undefined;
    const next = suggestNicks(nicks, this.query.query, own, locale);
    if (next.join('\n') !== this.options.join('\n')) this.active = 0;
    this.options = next;
  }

  /**
   * A key in the text area while the list is open: whether it was the list's (then the caller
   * prevents its default), and the completed text when a nickname was taken.
   */
  key(key: string, text: string, caret: number): { handled: boolean; completed?: { text: string; caret: number } } {
    if (!this.open || !this.query) return { handled: false };
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      const step = key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.options.length) % this.options.length;
      return { handled: true };
    }
    if (key === 'Escape') {
      this.dismissedAt = this.query.start;
      this.close();
      return { handled: true };
    }
    if (key === 'Enter' || key === 'Tab') return { handled: true, completed: this.take(this.options[this.active]!, text, caret) };
    return { handled: false };
  }

  /** A nickname clicked or taken by key. */
  take(nick: string, text: string, caret: number): { text: string; caret: number } {
    const start = this.query?.start ?? caret;
    if (!this.chosen.includes(nick)) this.chosen.push(nick);
    this.close();
    return completeMention(text, start, caret, nick);
  }

  /** The message went: the next one starts with no mentions. */
  reset(): void {
    this.chosen.length = 0;
    this.close();
  }

  private close(): void {
    this.options = [];
    this.active = 0;
  }
}
