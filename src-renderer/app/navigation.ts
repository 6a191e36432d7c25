import type { ConversationKey } from '../../src-shared/conversation';
import type { ConversationRow } from '../history';
import { conversationKey, type ConversationRef } from '../../src-shared/conversation';

/**
 * Alt+↑/↓ (and with Shift, only conversations with unread messages): the conversation before or
 * after the open one in the list's order, newest activity first; from none open, the first (down)
 * or last (up); at either end, none (test/unit/shortcuts.test.ts).
 */
export function stepConversation(
  rows: readonly ConversationRow[],
  open: ConversationKey | undefined,
  step: 1 | -1,
  unreadOnly: boolean,
): ConversationRef | undefined {
  const at = open === undefined ? -1 : rows.findIndex((row) => conversationKey(row.conversation) === open);
  const start = at === -1 ? (step === 1 ? 0 : rows.length - 1) : at + step;
  for (let i = start; i >= 0 && i < rows.length; i += step) {
    const row = rows[i]!;
    if (!unreadOnly || row.unread > 0) return row.conversation;
  }
  return undefined;
}
