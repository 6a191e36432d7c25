import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import { bareJid } from '../../src-shared/jid';
import type { ReadPoint } from '../../src-shared/contract';
import type { ConversationRow, Cursor, StoredMessage } from './types';

/**
 * The IndexedDB schema, one Dexie version per release. Never edit a released version: add the
 * next one with an upgrade that migrates the rows.
 */

/** A message row as version 1 stored it: no arrival order, dedupe index on the sender as given. */
export type MessageRowV1 = Omit<StoredMessage, 'order'>;

/** A message row as stored now: the public shape plus fields kept for indexes. */
export interface MessageRow extends StoredMessage {
  /** Bare JID of the sender, lowercased: half of the [sender+clientId] dedupe index. */
  sender: string;
  /** origin-id, else message@id: the other half. */
  clientId?: string;
  /** Equals `peer` while the message is incoming and unread; absent otherwise (sparse index). */
  unreadPeer?: string;
  /** Equals `peer` while the message is outgoing and pending, sent or delivered (sparse index). */
  unreadOutPeer?: string;
  /** Equals `timestamp` while the message is outgoing and pending: the outbox (sparse index, version 4). */
  outboxAt?: number;
  /**
   * Outgoing, while pending: the newest stanza-id history held when it was written. Our server
   * archives the message after that one, so an archive sync from there finds it if it got there.
   */
  writtenAfter?: string;
}

/** A conversation row; `empty` marks one made by ensureConversation that has no message yet. */
export interface ConversationRecord extends ConversationRow {
  empty?: true;
  /** The read point: every incoming message at or before it is read. Only moves forward. */
  readTo?: Cursor;
}

/** A read point from elsewhere whose message is not in history yet (version 3). */
export interface PendingReadRow extends ReadPoint {
  seq?: number;
  /** When it was kept (ms since the epoch); the oldest go first when a conversation has too many. */
  at: number;
}

export interface MetaRow {
  name: string;
  value: number;
  /** LAST_STANZA only: the newest stored message that has a stanza-id (`value` is its timestamp). */
  order?: number;
  /** LAST_STANZA: that message's stanza-id; SYNC_GAP: where the incomplete sync began. */
  stanzaId?: string;
}

/** Name of the meta row holding the last `order` handed out. */
export const ORDER_COUNTER = 'order';
/** Name of the meta row holding the newest stanza-id, by [timestamp, order]: where archive sync resumes. */
export const LAST_STANZA = 'lastStanza';
/** Name of the meta row, present while an archive sync has not completed, holding where it began. */
export const SYNC_GAP = 'syncGap';

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
async function upgradeToV2(tx: Transaction): Promise<void> {
  let order = 0;
  await tx
    .table('messages')
    .toCollection()
    .modify((row: MessageRow) => {
      row.order = ++order;
      row.sender = bareJid(row.from);
      const clientId = row.originId || row.id;
      if (clientId) row.clientId = clientId;
      if (row.direction === 'in' && !row.read) row.unreadPeer = row.peer;
      else delete row.unreadPeer;
    });
  await tx.table('meta').put({ name: ORDER_COUNTER, value: order } satisfies MetaRow);
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
export const OPEN_OUT_STATUSES: ReadonlySet<string | undefined> = new Set(['pending', 'sent', 'delivered', undefined]);

const after = (a: Cursor, b: Cursor) => a.timestamp - b.timestamp || a.order - b.order;

/**
 * Fills the version 3 fields. Each conversation's read point becomes its newest read incoming
 * message (version 2 could not tell which of our messages were sent here, so they infer nothing),
 * and any unread incoming message behind it is marked read, the unread counter lowered by as many.
 */
async function upgradeToV3(tx: Transaction): Promise<void> {
  const messages = tx.table('messages');
  const readTo = new Map<string, Cursor>();
  await messages.each((row: MessageRow) => {
    if (row.direction !== 'in' || !row.read) return;
    const point = readTo.get(row.peer);
    if (!point || after(row, point) > 0) readTo.set(row.peer, { timestamp: row.timestamp, order: row.order });
  });
  const marked = new Map<string, number>();
  await messages.toCollection().modify((row: MessageRow) => {
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
    .modify((conversation: ConversationRecord) => {
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
async function upgradeToV4(tx: Transaction): Promise<void> {
  let last: MetaRow | undefined;
  await tx
    .table('messages')
    .toCollection()
    .modify((row: MessageRow) => {
      if (row.direction === 'out' && row.status === 'pending') row.outboxAt = row.timestamp;
      if (row.stanzaId && (!last || after(row, { timestamp: last.value, order: last.order ?? 0 }) > 0)) {
        last = { name: LAST_STANZA, value: row.timestamp, order: row.order, stanzaId: row.stanzaId };
      }
    });
  if (last) await tx.table('meta').put(last);
}

export const SCHEMA_VERSION = 4;

/** Declares the versions up to `upTo` (tests open a database as an older release did). */
export function declareSchema(db: Dexie, upTo = SCHEMA_VERSION): void {
  db.version(1).stores(STORES_V1);
  if (upTo >= 2) db.version(2).stores(STORES_V2).upgrade(upgradeToV2);
  if (upTo >= 3) db.version(3).stores(STORES_V3).upgrade(upgradeToV3);
  if (upTo >= 4) db.version(4).stores(STORES_V4).upgrade(upgradeToV4);
}

export type DatabaseOptions = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

export class HistoryDb extends Dexie {
  declare messages: Table<MessageRow, string>;
  declare conversations: Table<ConversationRecord, string>;
  declare meta: Table<MetaRow, string>;
  declare pendingReads: Table<PendingReadRow, number>;

  constructor(name: string, options: DatabaseOptions = {}) {
    const deps: DatabaseOptions = {};
    if (options.indexedDB) deps.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) deps.IDBKeyRange = options.IDBKeyRange;
    super(name, deps);
    declareSchema(this);
  }
}
