import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import { bareJid } from './keys';
import type { ConversationRow, StoredMessage } from './types';

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
}

/** A conversation row; `empty` marks one made by ensureConversation that has no message yet. */
export interface ConversationRecord extends ConversationRow {
  empty?: true;
}

export interface MetaRow {
  name: string;
  value: number;
}

/** Name of the meta row holding the last `order` handed out. */
export const ORDER_COUNTER = 'order';

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

/** Declares the versions up to `upTo` (tests open a database as an older release did). */
export function declareSchema(db: Dexie, upTo = 2): void {
  db.version(1).stores(STORES_V1);
  if (upTo >= 2) db.version(2).stores(STORES_V2).upgrade(upgradeToV2);
}

export type DatabaseOptions = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

export class HistoryDb extends Dexie {
  declare messages: Table<MessageRow, string>;
  declare conversations: Table<ConversationRecord, string>;
  declare meta: Table<MetaRow, string>;

  constructor(name: string, options: DatabaseOptions = {}) {
    const deps: DatabaseOptions = {};
    if (options.indexedDB) deps.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) deps.IDBKeyRange = options.IDBKeyRange;
    super(name, deps);
    declareSchema(this);
  }
}
