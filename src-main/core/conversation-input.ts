import { asConversationRef, type ConversationRef } from '../../src-shared/conversation';
import { isContactJid } from '../../src-shared/jid';

/**
 * A conversation a command names, checked like anything from the other side of the contract:
 * exactly a ConversationRef whose address is a `local@domain` (what a contact or a room has),
 * else undefined.
 */
export function conversationInCommand(value: unknown): ConversationRef | undefined {
  const conversation = asConversationRef(value);
  return conversation && isContactJid(conversation.jid) ? conversation : undefined;
}
