import { referenceOf } from '../../src-shared/authorship';
import { conversationKey, type ConversationKey } from '../../src-shared/conversation';
import type { MessageActionEvent } from '../../src-shared/contract';
import { actionOf, amendRow, mayAmend } from './amend';
import { preview } from './conversations';
import { stanzaKey } from './keys';
import { reindexRow } from './search/index-rows';
import { comparePosition } from './read-point';
import type { ConversationRecord, HistoryDb, MessageRow, PendingActionRow } from './schema';

/**
 * Corrections, retractions and reactions in history. An action whose target is stored amends it
 * at once; one whose target has not arrived (archive pages come newest first, a reconnect may
 * bring the action first) is kept in `pendingActions` and applied in the same transaction that
 * stores the target (applyKeptActions), so the stored result does not depend on arrival order.
 */

/** Most actions kept per conversation while their targets have not arrived; the oldest go first. */
export const MAX_PENDING_ACTIONS_PER_CONVERSATION = 500;

/**
 * Whether an action may also name a room's message by its message@id: a correction or retraction,
 * which only its author can make (sameAuthor), so an id the author chose cannot point at another's
 * message. Some clients correct by the original's id in rooms too (XEP-0308 predates stanza-ids);
 * Glance itself always names the stanza-id. Guarded by test/unit/message-actions-history.test.ts.
 */
function byAuthorsId(event: MessageActionEvent): boolean {
  return actionOf(event).conversation.kind === 'room' && event.kind !== 'reaction';
}

/** The stored rows an action may name: by message@id in a chat, by the room's stanza-id in a room (byAuthorsId). */
async function candidates(db: HistoryDb, event: MessageActionEvent): Promise<MessageRow[]> {
  const action = actionOf(event);
  const conversation = conversationKey(action.conversation);
  let rows =
    action.conversation.kind === 'room'
      ? await db.messages.where('stanzaKey').equals(stanzaKey(action.conversation.jid, action.target)).toArray()
      : await db.messages.where('[conversation+id]').equals([conversation, action.target]).toArray();
  if (rows.length === 0 && byAuthorsId(event)) rows = await db.messages.where('[conversation+id]').equals([conversation, action.target]).toArray();
  return rows.filter((row) => row.conversation === conversation).sort(comparePosition);
}

/** The row an action amends among those it names: the author's newest (ids may be reused across senders). */
function chooseTarget(rows: readonly MessageRow[], event: MessageActionEvent): MessageRow | undefined {
  return rows.filter((row) => mayAmend(row, event)).at(-1);
}

/**
 * Applies actions from the core, in order, in one transaction; returns the conversations whose
 * rows changed. A correction or retraction of a message by someone else than its author is
 * ignored and logged.
 */
export function applyActionEvents(db: HistoryDb, events: readonly MessageActionEvent[]): Promise<Set<ConversationKey>> {
  return db.transaction('rw', [db.messages, db.conversationRows, db.pendingActions, db.searchBlocks], async () => {
    const changed = new Set<ConversationKey>();
    for (const event of events) {
      const rows = await candidates(db, event);
      if (rows.length === 0) {
        await keepAction(db, event);
        continue;
      }
      const row = chooseTarget(rows, event);
      if (!row) {
        console.warn(`glance: ignored a ${event.kind} of another sender's message`, actionOf(event).from);
        continue;
      }
      const wasUnread = row.direction === 'in' && !row.read;
      if (amendRow(row, event) !== 'changed') continue;
      await db.messages.put(row);
      if (event.kind !== 'reaction') await reindexRow(db, row);
      await foldIntoConversation(db, row, wasUnread);
      changed.add(row.conversation);
    }
    return changed;
  });
}

/** The conversation row after an amended message: its preview if it is the newest, its unread count. */
async function foldIntoConversation(db: HistoryDb, row: MessageRow, wasUnread: boolean): Promise<void> {
  const record = await db.conversationRows.get(row.conversation);
  if (!record) return;
  let dirty = false;
  if (record.lastTimestamp === row.timestamp) {
    record.lastPreview = preview(row.body);
    dirty = true;
  }
  if (wasUnread && row.read) {
    record.unread = Math.max(0, record.unread - 1);
    dirty = true;
  }
  if (dirty) await db.conversationRows.put(record satisfies ConversationRecord);
}

async function keepAction(db: HistoryDb, event: MessageActionEvent): Promise<void> {
  const action = actionOf(event);
  const conversation = conversationKey(action.conversation);
  const kept = await db.pendingActions.where('conversation').equals(conversation).primaryKeys();
  const excess = kept.length + 1 - MAX_PENDING_ACTIONS_PER_CONVERSATION;
  if (excess > 0) await db.pendingActions.bulkDelete(kept.slice(0, excess));
  await db.pendingActions.add({ conversation, target: action.target, event } satisfies PendingActionRow);
}

/**
 * Inside storeRows' transaction, before the new rows are written: kept actions whose target is
 * among them amend it (and are forgotten), so the row is written, counted and previewed once.
 * Refused ones (not the author) are forgotten too.
 */
export async function applyKeptActions(db: HistoryDb, fresh: readonly MessageRow[]): Promise<void> {
  if (fresh.length === 0) return;
  const conversations = [...new Set(fresh.map((row) => row.conversation))];
  const kept = await db.pendingActions.where('conversation').anyOf(conversations).toArray();
  if (kept.length === 0) return;
  const done: number[] = [];
  for (const pending of kept) {
    const named = fresh.filter(
      (row) =>
        row.conversation === pending.conversation &&
        (referenceOf(actionOf(pending.event).conversation, row) === pending.target || (byAuthorsId(pending.event) && row.id === pending.target)),
    );
    if (named.length === 0) continue;
    const row = chooseTarget(named, pending.event);
    if (row) amendRow(row, pending.event);
    else console.warn(`glance: ignored a ${pending.event.kind} of another sender's message`, actionOf(pending.event).from);
    done.push(pending.seq!);
  }
  if (done.length) await db.pendingActions.bulkDelete(done);
}
