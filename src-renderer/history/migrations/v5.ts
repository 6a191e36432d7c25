import type { Transaction } from 'dexie';
import { chatWith, conversationKey } from '../../../src-shared/conversation';
import { stanzaKey } from '../keys';
import { lastStanzaName, syncGapName } from '../meta-names';
import type { ConversationRecord, MessageRow, MetaRow, PendingReadRow } from '../schema';
import { LAST_STANZA_V4, SYNC_GAP_V4, type ConversationRecordV4, type MessageRowV4, type MetaRowV4, type PendingReadRowV4 } from './v1-to-v4';

/**
 * Version 5: a conversation is a chat or a room, keyed by its ConversationKey (`chat:alice@x`)
 * wherever version 4 used the peer's bare JID; a row keeps its Sender apart from its conversation;
 * stanza-ids are scoped by the archive that assigned them (`stanzaIdBy`, and the [stanzaKey] index
 * instead of [stanzaId], so two archives' equal ids never merge); archive-sync cursors are kept
 * per archive. IndexedDB cannot change a store's primary key, so conversations move to a new
 * store, `conversationRows`.
 *
 * Every row before it is a chat's, and each of its stanza-ids was assigned by the account's own
 * archive (the only one trusted then): `account`, the bare JID the database belongs to.
 * Primary keys stay as they are (keys.ts).
 */
export const STORES_V5 = {
  conversations: null,
  conversationRows: 'conversation, lastTimestamp',
  messages:
    'key, [conversation+timestamp+order], stanzaKey, [senderKey+clientId], [conversation+id], [unreadConversation+timestamp+order], [unreadOutConversation+timestamp+order], [outboxAt+order]',
  meta: 'name',
  pendingReads: '++seq, conversation',
};

const chat = (peer: string) => conversationKey(chatWith(peer));

/** A version 4 message row as version 5 stores it. */
export function messageToV5(old: MessageRowV4, account: string): MessageRow {
  const { peer, sender, unreadPeer, unreadOutPeer, ...kept } = old;
  const conversation = chat(peer);
  const row: MessageRow = { ...kept, conversation, sender: { jid: sender }, senderKey: sender };
  if (old.stanzaId) {
    row.stanzaIdBy = account;
    row.stanzaKey = stanzaKey(account, old.stanzaId);
  }
  if (unreadPeer !== undefined) row.unreadConversation = conversation;
  if (unreadOutPeer !== undefined) row.unreadOutConversation = conversation;
  return row;
}

export function conversationToV5(old: ConversationRecordV4): ConversationRecord {
  const { peer, ...kept } = old;
  return { ...kept, conversation: chat(peer) };
}

export function pendingReadToV5(old: PendingReadRowV4, account: string): PendingReadRow {
  const { peer, ...kept } = old;
  const row: PendingReadRow = { ...kept, conversation: chat(peer) };
  if (old.stanzaId) {
    row.stanzaIdBy = account;
    row.stanzaKey = stanzaKey(account, old.stanzaId);
  }
  return row;
}

export async function upgradeToV5(tx: Transaction, account: string): Promise<void> {
  await tx
    .table('messages')
    .toCollection()
    .modify((row: MessageRowV4, ref: { value: unknown }) => {
      ref.value = messageToV5(row, account);
    });
  const conversations: ConversationRecordV4[] = await tx.table('conversations').toArray();
  await tx.table('conversationRows').bulkPut(conversations.map(conversationToV5));
  await tx
    .table('pendingReads')
    .toCollection()
    .modify((row: PendingReadRowV4, ref: { value: unknown }) => {
      ref.value = pendingReadToV5(row, account);
    });
  const meta = tx.table('meta');
  const [last, gap]: (MetaRowV4 | undefined)[] = await meta.bulkGet([LAST_STANZA_V4, SYNC_GAP_V4]);
  if (last) await meta.put({ ...last, name: lastStanzaName(account) } satisfies MetaRow);
  if (gap) await meta.put({ ...gap, name: syncGapName(account) } satisfies MetaRow);
  await meta.bulkDelete([LAST_STANZA_V4, SYNC_GAP_V4]);
}
