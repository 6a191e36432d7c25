import { SvelteMap } from 'svelte/reactivity';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { EphemeralEvent } from '../../src-shared/contract';

/** A `composing` with no news for this long no longer shows (XEP-0085 §5.4: senders pause or go active long before). */
export const TYPING_EXPIRES_MS = 30_000;

/** Who is typing now: the other party of a chat, or each occupant of a room by nickname, from the core's ephemeral `typing` events. */
export class TypingState {
  private readonly typing = new SvelteMap<string, { conversation: ConversationKey; nick: string; timer: ReturnType<typeof setTimeout> }>();

  apply(events: readonly EphemeralEvent[]): void {
    for (const event of events) {
      if (event.kind !== 'typing') continue;
      const conversation = conversationKey(event.conversation);
      const nick = event.nick ?? '';
      const key = `${conversation} ${nick}`;
      const entry = this.typing.get(key);
      if (entry) clearTimeout(entry.timer);
      if (event.composing) this.typing.set(key, { conversation, nick, timer: setTimeout(() => this.typing.delete(key), TYPING_EXPIRES_MS) });
      else this.typing.delete(key);
    }
  }

  isTyping(conversation: ConversationRef): boolean {
    return this.typingIn(conversation).length > 0;
  }

  /** Who is typing in the conversation, in the order they started: nicknames in a room, '' for a chat's other party. */
  typingIn(conversation: ConversationRef): string[] {
    const key = conversationKey(conversation);
    return [...this.typing.values()].filter((entry) => entry.conversation === key).map((entry) => entry.nick);
  }

  clear(): void {
    for (const { timer } of this.typing.values()) clearTimeout(timer);
    this.typing.clear();
  }
}
