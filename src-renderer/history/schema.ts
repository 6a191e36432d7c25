import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { ArchiveSlice, ConversationKey, MessageActionEvent, ReadPoint } from '../../src-shared/contract';
import { STORES_V1, STORES_V2, STORES_V3, STORES_V4, upgradeToV2, upgradeToV3, upgradeToV4 } from './migrations/v1-to-v4';
import { STORES_V5, upgradeToV5 } from './migrations/v5';
import { STORES_V6 } from './migrations/v6';
import { STORES_V7 } from './migrations/v7';
import { STORES_V8 } from './migrations/v8';
import { STORES_V9 } from './migrations/v9';
import { STORES_V10 } from './migrations/v10';
import { STORES_V11, upgradeToV11 } from './migrations/v11';
import { SEARCH_BUILD } from './search/build';
import type { StoredAvatar } from './avatars';
import type { ConversationRow, Cursor, QueuedAction, StoredMessage } from './types';

/**
 * The IndexedDB schema, one Dexie version per release (migrations/). Never edit a released
 * version: add the next one with an upgrade that migrates the rows.
 */

/** A message row as stored now: the public shape, its conversation as a key, and fields kept for indexes. */
export interface MessageRow extends Omit<StoredMessage, 'conversation'> {
  conversation: ConversationKey;
  /** keys.ts senderKey: half of the [senderKey+clientId] dedupe index. */
  senderKey: string;
  /** origin-id, else message@id: the other half. */
  clientId?: string;
  /** `stanzaIdBy stanzaId` (keys.ts stanzaKey): the stanza-id dedupe index, scoped by its archive. */
  stanzaKey?: string;
  /** Equals `conversation` while the message is incoming and unread; absent otherwise (sparse index). */
  unreadConversation?: ConversationKey;
  /** Equals `conversation` while the message is outgoing and pending, sent or delivered (sparse index). */
  unreadOutConversation?: ConversationKey;
  /** Equals `timestamp` while the message is outgoing and pending: the outbox (sparse index, version 4). */
  outboxAt?: number;
  /**
   * Outgoing, while pending: the newest stanza-id from its conversation's archive that history held
   * when it was written. The server archives the message after that one, so an archive sync from
   * there finds it if it got there.
   */
  writtenAfter?: string;
  /** The ids of corrections applied to it (version 6, multi-entry index): their receipts and markers count for it. */
  amendIds?: string[];
}

/** A conversation row; `empty` marks one made by ensureConversation that has no message yet. */
export interface ConversationRecord extends Omit<ConversationRow, 'conversation' | 'mentions'> {
  conversation: ConversationKey;
  /** ConversationRow.mentions; absent on rows written before mentions were counted (none then). */
  mentions?: number;
  empty?: true;
  /** The read point: every incoming message at or before it is read. Only moves forward. */
  readTo?: Cursor;
}

/** A read point from elsewhere whose message is not in history yet (version 3). */
export interface PendingReadRow extends Pick<ReadPoint, 'stanzaId' | 'stanzaIdBy' | 'messageId' | 'source'> {
  seq?: number;
  conversation: ConversationKey;
  /** keys.ts stanzaKey of `stanzaIdBy` and `stanzaId`, when it names the message by stanza-id. */
  stanzaKey?: string;
  /** When it was kept (ms since the epoch); the oldest go first when a conversation has too many. */
  at: number;
}

/** A correction, retraction or reaction whose target is not in history yet (version 6). */
export interface PendingActionRow {
  seq?: number;
  conversation: ConversationKey;
  /** The reference it names its target by (authorship.ts referenceOf). */
  target: string;
  event: MessageActionEvent;
}

export interface MetaRow {
  name: string;
  value: number;
  /** lastStanza rows only: the newest stored message that has a stanza-id (`value` is its timestamp). */
  order?: number;
  /** lastStanza: that message's stanza-id; syncGap, syncSlices: where the incomplete sync began. */
  stanzaId?: string;
  /** queuedActions only: our actions waiting for the connection, oldest first (not indexed). */
  actions?: QueuedAction[];
  /** searchBuild, before version 11: the key of the last message the background build had indexed (no longer read). */
  after?: string;
  /** searchBuild: the [conversation, timestamp, order] of the last message the background build has indexed. */
  position?: [ConversationKey, number, number];
  /** syncSlices only: each slice's bounds and progress (not indexed: no schema change). */
  slices?: ArchiveSlice[];
}

/** Outgoing statuses that the other party's displayed marker can still move to read. */
export const OPEN_OUT_STATUSES: ReadonlySet<string | undefined> = new Set(['pending', 'sent', 'delivered', undefined]);

/** The bytes of an outgoing file until it is uploaded (version 7), by its message's key. */
export interface AttachmentRow {
  key: string;
  bytes: Blob;
}

/** A participant's displayed marker in a private group (version 8): read-by is built from these (read-by.ts). */
export interface RoomMarkerRow {
  conversation: ConversationKey;
  /** RoomMarker.reader: `occupant:…`, `jid:…` or `nick:…`. */
  reader: string;
  /** keys.ts stanzaKey of the room and the stanza-id the marker names. */
  stanzaKey: string;
  name: string;
  uncertain?: true;
  at: number;
  /** Where the named message sits, once it was in history when the marker was stored. */
  position?: Cursor;
}

/**
 * A block of searchable messages of one conversation in the search index (version 11): keyed by
 * the time and key of its newest message when it was written (`at` is never older than any of its
 * messages), the union of their terms, their keys, and each one's terms in the order of `keys`
 * (search/index-rows.ts: one string each, the terms between spaces).
 */
export interface SearchBlock {
  at: number;
  conversation: ConversationKey;
  key: string;
  terms: string[];
  keys: string[];
  itemTerms: string[];
}

export const SCHEMA_VERSION = 11;

/**
 * Declares the versions up to `upTo` (tests open a database as an older release did). `account`,
 * the bare JID the database belongs to, is needed from version 5 on: every stanza-id stored
 * before was assigned by that account's archive.
 */
export function declareSchema(db: Dexie, upTo = SCHEMA_VERSION, account?: string): void {
  db.version(1).stores(STORES_V1);
  if (upTo >= 2) db.version(2).stores(STORES_V2).upgrade(upgradeToV2);
  if (upTo >= 3) db.version(3).stores(STORES_V3).upgrade(upgradeToV3);
  if (upTo >= 4) db.version(4).stores(STORES_V4).upgrade(upgradeToV4);
  if (upTo >= 5) {
    if (!account) throw new Error('history: the schema needs the account it belongs to');
    db.version(5)
      .stores(STORES_V5)
      .upgrade((tx) => upgradeToV5(tx, account));
  }
  if (upTo >= 6) db.version(6).stores(STORES_V6);
  if (upTo >= 7) db.version(7).stores(STORES_V7);
  if (upTo >= 8) db.version(8).stores(STORES_V8);
  if (upTo >= 9) db.version(9).stores(STORES_V9);
  if (upTo >= 10) db.version(10).stores(STORES_V10);
  if (upTo >= 11) db.version(11).stores(STORES_V11).upgrade(upgradeToV11);
}

export type DatabaseOptions = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

export class HistoryDb extends Dexie {
  declare messages: Table<MessageRow, string>;
  declare conversationRows: Table<ConversationRecord, ConversationKey>;
  declare meta: Table<MetaRow, string>;
  declare pendingReads: Table<PendingReadRow, number>;
  declare pendingActions: Table<PendingActionRow, number>;
  declare attachments: Table<AttachmentRow, string>;
  declare roomMarkers: Table<RoomMarkerRow, [ConversationKey, string, string]>;
  declare searchBlocks: Table<SearchBlock, [number, ConversationKey, string]>;
  /** Whether storing a message indexes it for search; off only where the bench measures what the index costs. */
  indexesSearch = true;
  declare avatars: Table<StoredAvatar, string>;

  /** `account`: the bare JID this history belongs to. */
  constructor(
    name: string,
    readonly account: string,
    options: DatabaseOptions = {},
  ) {
    const deps: DatabaseOptions = {};
    if (options.indexedDB) deps.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) deps.IDBKeyRange = options.IDBKeyRange;
    super(name, deps);
    declareSchema(this, SCHEMA_VERSION, account);
    // A database created at this version indexes every message as it stores it, so it has no
    // older rows for the background build to index (test/unit/search-history.test.ts).
    this.on('populate', (tx) => void tx.table('meta').add({ name: SEARCH_BUILD, value: 1 }));
  }
}
