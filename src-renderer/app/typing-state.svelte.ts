import { SvelteMap } from 'svelte/reactivity';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { EphemeralEvent } from '../../src-shared/contract';

/** A `composing` with no news for this long no longer shows (XEP-0085 §5.4: senders pause or go active long before). */
export const TYPING_EXPIRES_MS = 30_000;

/** Who is typing now, per conversation, from the core's ephemeral `typing` events. */
export class TypingState {
  private readonly typing = new SvelteMap<ConversationKey, ReturnType<typeof setTimeout>>();

  apply(events: readonly EphemeralEvent[]): void {
    for (const event of events) {
      if (event.kind !== 'typing') continue;
      const key = conversationKey(event.conversation);
      const timer = this.typing.get(key);
      if (timer !== undefined) clearTimeout(timer);
      if (event.composing)
        this.typing.set(
          key,
          setTimeout(() => this.typing.delete(key), TYPING_EXPIRES_MS),
        );
      else this.typing.delete(key);
    }
  }

  isTyping(conversation: ConversationRef): boolean {
    return this.typing.has(conversationKey(conversation));
  }

  clear(): void {
    for (const timer of this.typing.values()) clearTimeout(timer);
    this.typing.clear();
  }
}
