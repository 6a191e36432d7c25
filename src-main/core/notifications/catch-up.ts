import type { OwnPresence } from '../../../src-shared/contract';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../../src-shared/conversation';
import { decideNotification, readPointNames, type MuteSetting, type PolicyMessage } from './policy';

/**
 * After being offline: everything that arrived between the start of a session and the MDS fetch
 * becomes at most ONE notification per conversation, with a count, and nothing that was already
 * read elsewhere (docs/architecture.md, notification rules).
 */

export interface CatchUpMessage extends PolicyMessage {
  mentionsMe?: boolean;
}

export interface CatchUpConversation {
  mute: MuteSetting;
  readingNow: boolean;
  /** Read points seen for this conversation (the MDS fetch, carbon markers, reading here), any order. */
  readPoints: readonly { stanzaId?: string; messageId?: string }[];
  /** Everything at or before this time is known read (e.g. resolved against local history). */
  readAt?: number;
}

export interface CatchUpInput<M extends CatchUpMessage> {
  /** Collected in arrival order, both directions (our own messages count as reading up to them). */
  messages: readonly M[];
  conversation(conversation: ConversationRef): CatchUpConversation;
  presence: OwnPresence;
}

export interface CatchUpNotification<M extends CatchUpMessage> {
  conversation: ConversationRef;
  /** The unread messages that notify, oldest first, duplicates removed; never empty. */
  messages: M[];
}

/** One entry per conversation with something to notify, the conversation with the newest message last. */
export function aggregateCatchUp<M extends CatchUpMessage>(input: CatchUpInput<M>): CatchUpNotification<M>[] {
  const byConversation = new Map<ConversationKey, M[]>();
  const seen = new SeenMessages();
  for (const message of input.messages) {
    if (seen.has(message)) continue;
    seen.add(message);
    const key = conversationKey(message.conversation);
    const list = byConversation.get(key) ?? [];
    list.push(message);
    byConversation.set(key, list);
  }
  const result: CatchUpNotification<M>[] = [];
  for (const messages of byConversation.values()) {
    const conversation = messages[0].conversation;
    const state = input.conversation(conversation);
    // Archive and offline delivery arrive oldest first: the last message that is ours or that a
    // read point names is where reading reached; everything up to it is read.
    let boundary = -1;
    messages.forEach((message, index) => {
      if (message.direction === 'out' || state.readPoints.some((point) => readPointNames(message, point))) boundary = index;
    });
    const notify = messages.slice(boundary + 1).filter(
      (message) =>
        decideNotification({
          message,
          mute: state.mute,
          mentionsMe: message.mentionsMe ?? false,
          readingNow: state.readingNow,
          presence: input.presence,
          alreadyRead: state.readAt !== undefined && message.timestamp <= state.readAt,
          archiveBeforeReadPoint: false,
          mdsFetched: true,
        }).notify,
    );
    if (notify.length > 0) result.push({ conversation, messages: notify });
  }
  const newest = (entry: CatchUpNotification<M>) => entry.messages[entry.messages.length - 1].timestamp;
  return result.sort((a, b) => newest(a) - newest(b));
}

/**
 * The same message (live, carbon or archive copy: one identity) among everything seen so far, in constant time per message (a catch-up can hold
 * the whole archive walk: comparing pairs stalled the core for seconds at 10,000 messages).
 */
export class SeenMessages {
  private readonly stanzaIds = new Set<string>();
  private readonly clientIds = new Set<string>();
  /** Client ids of seen messages that had no stanza-id: they match a later copy that has one. */
  private readonly clientIdsWithoutStanzaId = new Set<string>();

  has(message: PolicyMessage): boolean {
    const client = clientKey(message);
    if (message.stanzaId) {
      return this.stanzaIds.has(stanzaKey(message)) || (client !== undefined && this.clientIdsWithoutStanzaId.has(client));
    }
    return client !== undefined && this.clientIds.has(client);
  }

  add(message: PolicyMessage): void {
    const client = clientKey(message);
    if (message.stanzaId) this.stanzaIds.add(stanzaKey(message));
    if (client === undefined) return;
    this.clientIds.add(client);
    if (!message.stanzaId) this.clientIdsWithoutStanzaId.add(client);
  }
}

const stanzaKey = (m: PolicyMessage) => `${conversationKey(m.conversation)} ${m.direction} ${m.stanzaId}`;
const clientKey = (m: PolicyMessage) => {
  const id = m.originId ?? m.id;
  return id === undefined ? undefined : `${conversationKey(m.conversation)} ${m.direction} ${id}`;
};
