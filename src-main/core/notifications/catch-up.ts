import type { OwnPresence } from '../../../src-shared/contract';
import { decideNotification, readPointNames, sameMessage, type MuteSetting, type PolicyMessage } from './policy';

/**
 * After being offline: everything that arrived between the start of a session and the MDS fetch
 * becomes at most ONE notification per conversation, with a count, and nothing that was already
 * read elsewhere (DESIGN.md: "what was read on the phone never notifies on the desktop").
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
  conversation(peer: string): CatchUpConversation;
  presence: OwnPresence;
}

export interface CatchUpNotification<M extends CatchUpMessage> {
  peer: string;
  /** The unread messages that notify, oldest first, duplicates removed; never empty. */
  messages: M[];
}

/** One entry per conversation with something to notify, the conversation with the newest message last. */
export function aggregateCatchUp<M extends CatchUpMessage>(input: CatchUpInput<M>): CatchUpNotification<M>[] {
  const byPeer = new Map<string, M[]>();
  for (const message of input.messages) {
    const list = byPeer.get(message.peer) ?? [];
    if (!list.some((seen) => sameMessage(seen, message))) list.push(message);
    byPeer.set(message.peer, list);
  }
  const result: CatchUpNotification<M>[] = [];
  for (const [peer, messages] of byPeer) {
    const state = input.conversation(peer);
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
    if (notify.length > 0) result.push({ peer, messages: notify });
  }
  const newest = (entry: CatchUpNotification<M>) => entry.messages[entry.messages.length - 1].timestamp;
  return result.sort((a, b) => newest(a) - newest(b));
}
