import { referenceOf } from '../../src-shared/authorship';
import { sameConversation, type ConversationRef } from '../../src-shared/conversation';
import type { StoredMessage } from '../history';

/**
 * What the open conversation's composer does besides writing a new message: correcting one of our
 * messages (a message's Edit action or the Up arrow), or answering one (its Reply action). The
 * composer shows it and Esc cancels it.
 */
export class ComposeState {
  editing = $state.raw<StoredMessage | undefined>();
  /** XEP-0461: the message the next one answers. */
  replyingTo = $state.raw<StoredMessage | undefined>();

  edit(message: StoredMessage): void {
    this.replyingTo = undefined;
    this.editing = message;
  }

  reply(message: StoredMessage): void {
    this.editing = undefined;
    this.replyingTo = message;
  }

  /** The message the next one in this conversation answers, if any. */
  replyIn(conversation: ConversationRef): StoredMessage | undefined {
    return this.replyingTo && sameConversation(this.replyingTo.conversation, conversation) ? this.replyingTo : undefined;
  }

  /** The message being edited in this conversation, if any. */
  editingIn(conversation: ConversationRef): StoredMessage | undefined {
    return this.editing && sameConversation(this.editing.conversation, conversation) ? this.editing : undefined;
  }

  cancel(): void {
    this.editing = undefined;
    this.replyingTo = undefined;
  }
}

/**
 * Our message that the Up arrow edits: sent, not deleted, text (a file's body is its URL), and
 * with a reference to name it by (in a room, the stanza-id its reflection brought).
 */
function isEditable(row: StoredMessage): boolean {
  return (
    row.direction === 'out' &&
    !row.retracted &&
    !row.file &&
    row.status !== 'pending' &&
    row.status !== 'failed' &&
    referenceOf(row.conversation, row) !== undefined
  );
}

/**
 * XEP-0461: how a reply names the message it answers: its reference, and its author's address
 * (in a room the occupant's, `room@service/nick`; ours by our nickname there).
 */
export function replyTarget(message: StoredMessage, ownNick: string | undefined): { target: string; to: string; quoted: string } | undefined {
  const target = referenceOf(message.conversation, message);
  if (!target) return undefined;
  const { kind, jid } = message.conversation;
  const author = message.direction === 'out' ? ownNick : message.sender.nick;
  const to = kind === 'room' ? (author ? `${jid}/${author}` : jid) : (message.sender.jid ?? jid);
  return { target, to, quoted: message.body };
}

/** Our newest message of a list (oldest first) that can still be edited. */
export function lastEditable(rows: readonly StoredMessage[]): StoredMessage | undefined {
  return rows.findLast(isEditable);
}
