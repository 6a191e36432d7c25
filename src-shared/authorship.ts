import type { ConversationRef, Sender } from './conversation';

/**
 * Whether `actor` is the author of a message written by `author`: the one test for who may
 * correct (XEP-0308 §5) or retract (XEP-0424 §4) it. In a chat, the same bare JID; in a room, the
 * same occupant-id when both have one (the room advertises XEP-0421), else the same real JID; a
 * nickname alone never proves it. Tested by test/unit/message-actions-history.test.ts.
 */
export function sameAuthor(conversation: ConversationRef, author: Sender, actor: Sender): boolean {
  if (conversation.kind === 'chat') return !!author.jid && author.jid === actor.jid;
  if (author.occupantId && actor.occupantId) return author.occupantId === actor.occupantId;
  return !!author.jid && author.jid === actor.jid;
}

/**
 * The reference an action names a message by: its message@id in a chat (XEP-0308, XEP-0424,
 * XEP-0444, XEP-0461 in one-to-one chats), the room's stanza-id in a room.
 */
export function referenceOf(conversation: ConversationRef, message: { id?: string; stanzaId?: string }): string | undefined {
  return conversation.kind === 'room' ? message.stanzaId : message.id;
}
