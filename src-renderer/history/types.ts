import type { WireMessage } from '../../src-shared/contract';

/** Outgoing status; only moves forward: pending < sent < delivered < read, or failed (see status.ts). */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface StoredMessage {
  /** Primary key; the same message from live, carbon and archive delivery has one key (keys.ts). */
  key: string;
  /** Bare JID of the conversation. */
  peer: string;
  direction: 'in' | 'out';
  /** Sender JID (full or bare), as it arrived. */
  from: string;
  id?: string;
  originId?: string;
  stanzaId?: string;
  body: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Tiebreaker so equal timestamps keep arrival order; messages sort by [peer+timestamp+order]. */
  order: number;
  /** Outgoing only. */
  status?: MessageStatus;
  /** When failed. */
  error?: string;
  /** Incoming: seen by the person. Outgoing: always true. */
  read: boolean;
}

export interface ConversationRow {
  peer: string;
  lastTimestamp: number;
  /** Empty while the conversation has no message yet (ensureConversation). */
  lastPreview: string;
  lastDirection: 'in' | 'out';
  /** Maintained as a field, never computed by count(). */
  unread: number;
}

/** A position in a conversation: the (timestamp, order) of a message. */
export interface Cursor {
  timestamp: number;
  order: number;
}

export interface StoreResult {
  /** Rows that were new (not merged into an existing copy of the same message). */
  added: number;
  /** Peers whose conversations changed (new rows, or existing rows that gained ids or status). */
  peers: string[];
}

export interface History {
  /**
   * Stores messages from the core; the same message (live, carbon, archive) is stored once.
   * Writes in chunks of 250 rows per transaction. `openPeer` is accepted but unread counting does
   * not depend on it: every new unread incoming message counts until markConversationRead.
   */
  storeWireMessages(messages: WireMessage[], options?: { openPeer?: string }): Promise<StoreResult>;
  /** Stores our own message as 'pending' before it goes on the wire; idempotent per peer and id. */
  addOutgoing(message: { peer: string; from: string; id: string; body: string; timestamp?: number }): Promise<StoredMessage>;
  /** Only moves forward (see status.ts); an unknown key or a disallowed step is ignored. */
  setStatus(key: string, status: MessageStatus, error?: string): Promise<void>;
  /** All incoming messages of the conversation read, unread = 0. */
  markConversationRead(peer: string): Promise<void>;
  /** The newest `limit` messages, ascending. */
  latest(peer: string, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages older than the cursor (the newest of them), ascending. */
  before(peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages newer than the cursor (the oldest of them), ascending. */
  after(peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** Newest activity first. */
  conversations(): Promise<ConversationRow[]>;
  /** Creates an empty conversation row (timestamped now) so a new chat appears in the list. */
  ensureConversation(peer: string): Promise<void>;
  /** Fired after every committed write that changed something, with the affected peers. */
  onChange(listener: (change: { peers: string[] }) => void): () => void;
  close(): void;
}
