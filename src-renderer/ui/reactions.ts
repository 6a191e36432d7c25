import type { ReactionEntry, StoredMessage } from '../history';

/** One chip: an emoji, and who reacted with it (keys.ts senderKey of each), in a stable order. */
export interface ReactionChip {
  emoji: string;
  senders: ReactionEntry['sender'][];
  /** We are among them: clicking the chip takes ours back. */
  ours: boolean;
}

/** The chips of a message, in the order emojis were first used; empty sets (removals) show nothing. */
export function reactionChips(message: Pick<StoredMessage, 'reactions'>, account: string): ReactionChip[] {
  const chips = new Map<string, ReactionChip>();
  for (const entry of message.reactions ?? []) {
    for (const emoji of entry.emojis) {
      const chip = chips.get(emoji) ?? { emoji, senders: [], ours: false };
      chip.senders.push(entry.sender);
      if (entry.senderKey === account) chip.ours = true;
      chips.set(emoji, chip);
    }
  }
  return [...chips.values()];
}

/** Our current set of reactions to a message. */
export function ownReactions(message: Pick<StoredMessage, 'reactions'>, account: string): string[] {
  return message.reactions?.find((entry) => entry.senderKey === account)?.emojis ?? [];
}

/** Our set with `emoji` added, or taken out if it was there (XEP-0444 sends the whole set). */
export function toggled(set: readonly string[], emoji: string): string[] {
  return set.includes(emoji) ? set.filter((e) => e !== emoji) : [...set, emoji];
}
