import Dexie from 'dexie';
import { conversationKey, type ConversationKey } from '../../src-shared/conversation';
import type { StatusUpdate } from '../../src-shared/contract';
import { comparePosition } from './read-point';
import type { HistoryDb, MessageRow } from './schema';
import { applyStatus } from './status';

/** Outgoing rows the other party has not read yet (pending, sent, delivered), by position. */
const UNREAD_OUT = '[unreadOutConversation+timestamp+order]';

/**
 * Our outgoing message with this message@id in the conversation (the newest, if an id was reused),
 * else the one a correction with this id amended: a receipt or marker for a correction counts for
 * the original (XEP-0308 §5; test/unit/message-actions-history.test.ts).
 */
async function findOutgoing(db: HistoryDb, conversation: ConversationKey, id: string): Promise<MessageRow | undefined> {
  const mine = (row: MessageRow) => row.direction === 'out' && row.conversation === conversation;
  let rows = await db.messages.where('[conversation+id]').equals([conversation, id]).filter(mine).toArray();
  if (rows.length === 0) rows = await db.messages.where('amendIds').equals(id).filter(mine).toArray();
  return rows.sort(comparePosition).at(-1);
}

/**
 * Applies status steps in order, in one transaction: each only moves forward (status.ts), and
 * `read` also moves every earlier outgoing message of that conversation that is not read or failed
 * to read. Returns the conversations whose rows changed.
 */
export function applyStatusUpdates(db: HistoryDb, updates: readonly StatusUpdate[]): Promise<Set<ConversationKey>> {
  return db.transaction('rw', db.messages, async () => {
    const changed = new Set<ConversationKey>();
    for (const update of updates) {
      const row = await findOutgoing(db, conversationKey(update.conversation), update.id);
      if (!row) continue;
      if (applyStatus(row, update.status, update.at, update.error)) {
        await db.messages.put(row);
        changed.add(row.conversation);
      }
      if (update.status !== 'read') continue;
      const earlier = await db.messages
        .where(UNREAD_OUT)
        .between([row.conversation, Dexie.minKey, Dexie.minKey], [row.conversation, row.timestamp, row.order], true, false)
        .modify((other) => {
          applyStatus(other, 'read', update.at);
        });
      if (earlier > 0) changed.add(row.conversation);
    }
    return changed;
  });
}
