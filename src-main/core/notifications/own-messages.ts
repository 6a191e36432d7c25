import { BoundedMap } from '../bounded-map';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../../src-shared/conversation';

/** How many of our recent message ids are remembered per conversation. */
const PER_CONVERSATION = 500;

/**
 * The ids of our own recent messages (sent here, or seen as carbons and archive copies), so a
 * reaction to one of them can notify (XEP-0444). A reaction to an older message of ours, from
 * before this run, is not known to be ours and stays quiet.
 */
export class OwnMessages {
  private readonly ids = new Map<ConversationKey, BoundedMap<string, true>>();

  add(conversation: ConversationRef, id: string | undefined): void {
    if (!id) return;
    const key = conversationKey(conversation);
    let ids = this.ids.get(key);
    if (!ids) this.ids.set(key, (ids = new BoundedMap(PER_CONVERSATION)));
    ids.remember(id, true);
  }

  has(conversation: ConversationRef, id: string): boolean {
    return this.ids.get(conversationKey(conversation))?.has(id) ?? false;
  }

  clear(): void {
    this.ids.clear();
  }
}
