import type { Transaction } from 'dexie';
import { bareJid } from '../../../src-shared/jid';
import type { MessageStatus, StatusTimes } from '../types';

/**
 * The released versions 1 to 4, as they were: each a Dexie store declaration and the upgrade that
 * filled its new fields. Never edit them; the rows they see are shaped as their own release stored
 * them (a conversation was its peer's bare JID then, every conversation a chat).
 */

interface Cursor {
  timestamp: number;
  order: number;
}

/** A message row as version 4 stored it. */
export interface MessageRowV4 {
  key: string;
  /** Bare JID of the chat's other party. */
  peer: string;
  direction: 'in' | 'out';
  from: string;
  id?: string;
  originId?: string;
  /** Assigned by our own account's archive. */
  stanzaId?: string;
  body: string;
  timestamp: number;
  order: number;
  status?: MessageStatus;
  error?: string;
  statusTimes?: StatusTimes;
  read: boolean;
  via?: 'live' | 'carbon' | 'archive';
  markable?: true;
  /** Bare JID of the sender, lowercased. */
  sender: string;
  clientId?: string;
  unreadPeer?: string;
  unreadOutPeer?: string;
  outboxAt?: number;
  writtenAfter?: string;
}

/** A message row as version 1 stored it: no arrival order, dedupe index on the sender as given. */
export type MessageRowV1 = Omit<MessageRowV4, 'order' | 'sender' | 'clientId' | 'unreadPeer' | 'unreadOutPeer' | 'outboxAt' | 'writtenAfter'>;

export interface ConversationRecordV4 {
  peer: string;
  lastTimestamp: number;
  lastPreview: string;
  lastDirection: 'in' | 'out';
  unread: number;
  empty?: true;
  readTo?: Cursor;
}

/** A kept read point as versions 3 and 4 stored it. */
export interface PendingReadRowV4 {
  seq?: number;
  peer: string;
  stanzaId?: string;
  messageId?: string;
  source: 'mds' | 'carbon-marker';
  at: number;
}

export interface MetaRowV4 {
  name: string;
  value: number;
  order?: number;
  stanzaId?: string;
}

/** Meta row names of version 4; the order counter keeps its name in every version. */
const ORDER_COUNTER = 'order';
export const LAST_STANZA_V4 = 'lastStanza';
export const SYNC_GAP_V4 = 'syncGap';

export const STORES_V1 = {
  conversations: 'peer, lastTimestamp',
  messages: 'key, [peer+timestamp], stanzaId, [from+originId]',
};

/**
 * Version 2: messages get an arrival `order` (equal timestamps keep arrival order; paging runs on
 * [peer+timestamp+order]), dedupe moves to the bare sender and origin-id-or-id, unread incoming
 * messages get a sparse index so marking read touches only them, and a meta table keeps the order
 * counter.
 */
export const STORES_V2 = {
  conversations: 'peer, lastTimestamp',
  messages: 'key, [peer+timestamp+order], stanzaId, [sender+clientId], unreadPeer',
  meta: 'name',
};

/** Fills the version 2 fields of v1 rows. Primary-key order is v1's display order for ties. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  let order = 0;
  await tx
    .table('messages')
    .toCollection()
    .modify((row: MessageRowV4) => {
      row.order = ++order;
      row.sender = bareJid(row.from);
      const clientId = row.originId || row.id;
      if (clientId) row.clientId = clientId;
      if (row.direction === 'in' && !row.read) row.unreadPeer = row.peer;
      else delete row.unreadPeer;
    });
  await tx.table('meta').put({ name: ORDER_COUNTER, value: order } satisfies MetaRowV4);
}

/**
 * Version 3: incoming rows keep `via` and `markable` (new rows only; older ones have neither, so
 * they never get a marker); lookups by (peer, message@id) for statuses and markers; the unread
 * index becomes [unreadPeer+timestamp+order] so "read up to here" is one range; outgoing messages
 * not yet read by the peer get a sparse index; conversations get a read point; read points whose
 * message has not arrived yet are kept in `pendingReads`.
 */
export const STORES_V3 = {
  conversations: 'peer, lastTimestamp',
  messages: 'key, [peer+timestamp+order], stanzaId, [sender+clientId], [peer+id], [unreadPeer+timestamp+order], [unreadOutPeer+timestamp+order]',
  meta: 'name',
  pendingReads: '++seq, peer',
};

/** Outgoing statuses that the peer's displayed marker can still move to read. */
const OPEN_OUT_STATUSES: ReadonlySet<string | undefined> = new Set(['pending', 'sent', 'delivered', undefined]);

const after = (a: Cursor, b: Cursor) => a.timestamp - b.timestamp || a.order - b.order;

/**
 * Fills the version 3 fields. Each conversation's read point becomes its newest read incoming
 * message (version 2 could not tell which of our messages were sent here, so they infer nothing),
 * and any unread incoming message behind it is marked read, the unread counter lowered by as many.
 */
export async function upgradeToV3(tx: Transaction): Promise<void> {
  const messages = tx.table('messages');
  const readTo = new Map<string, Cursor>();
  await messages.each((row: MessageRowV4) => {
    if (row.direction !== 'in' || !row.read) return;
    const point = readTo.get(row.peer);
    if (!point || after(row, point) > 0) readTo.set(row.peer, { timestamp: row.timestamp, order: row.order });
  });
  const marked = new Map<string, number>();
  await messages.toCollection().modify((row: MessageRowV4) => {
    if (row.direction === 'out') {
      if (OPEN_OUT_STATUSES.has(row.status)) row.unreadOutPeer = row.peer;
      return;
    }
    const point = readTo.get(row.peer);
    if (row.read || !point || after(row, point) > 0) return;
    row.read = true;
    delete row.unreadPeer;
    marked.set(row.peer, (marked.get(row.peer) ?? 0) + 1);
  });
  await tx
    .table('conversations')
    .toCollection()
    .modify((conversation: ConversationRecordV4) => {
      const point = readTo.get(conversation.peer);
      if (point) conversation.readTo = point;
      const count = marked.get(conversation.peer);
      if (count) conversation.unread = Math.max(0, conversation.unread - count);
    });
}

/**
 * Version 4: outgoing messages still pending get a sparse [outboxAt+order] index so the outbox finds
 * them oldest first without a scan, and the meta table keeps the newest stanza-id (LAST_STANZA).
 */
export const STORES_V4 = {
  ...STORES_V3,
  messages: `${STORES_V3.messages}, [outboxAt+order]`,
};

/** Fills the version 4 fields (the last full pass over the rows; from now on they are kept as rows change). */
export async function upgradeToV4(tx: Transaction): Promise<void> {
  let last: MetaRowV4 | undefined;
  await tx
    .table('messages')
    .toCollection()
    .modify((row: MessageRowV4) => {
      if (row.direction === 'out' && row.status === 'pending') row.outboxAt = row.timestamp;
      if (row.stanzaId && (!last || after(row, { timestamp: last.value, order: last.order ?? 0 }) > 0)) {
        last = { name: LAST_STANZA_V4, value: row.timestamp, order: row.order, stanzaId: row.stanzaId };
      }
    });
  if (last) await tx.table('meta').put(last);
}
