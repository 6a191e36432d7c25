import type { MessageRef, ReadPoint, StatusUpdate, WireMessage } from '../../src-shared/contract';

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
  /** Outgoing: when each step was seen (a step reached without a known time has none). */
  statusTimes?: StatusTimes;
  /** Incoming: seen by the person. Outgoing: always true. */
  read: boolean;
  /** Incoming: how its first stored copy arrived (an archive replay never gets a displayed marker). */
  via?: WireMessage['via'];
  /** Incoming: the sender accepts a XEP-0333 displayed marker for it. */
  markable?: true;
}

export interface StatusTimes {
  sent?: number;
  delivered?: number;
  read?: number;
}

/** What one local read step covered, for the `markDisplayed` command. */
export interface ReadAdvance {
  peer: string;
  /** Incoming messages this step marked read. */
  marked: number;
  /** message@id of the newest covered message that was markable and not an archive replay. */
  markerFor?: string;
  /** stanza-id of the newest covered message that has one. */
  stanzaId?: string;
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
   * Writes in chunks of 250 rows per transaction. Every new incoming message counts as unread
   * unless it is at or behind the conversation's read point. Our own outgoing messages from the
   * wire (another device's, archive copies) move the read point to themselves; kept read points
   * (applyReadPoints) whose message arrives now are applied. `openPeer` is accepted but ignored.
   */
  storeWireMessages(messages: WireMessage[], options?: { openPeer?: string }): Promise<StoreResult>;
  /**
   * Stores our own message as 'pending' before it goes on the wire; idempotent per peer and id.
   * It does not move the read point: here the read rule knows what the person has seen.
   */
  addOutgoing(message: { peer: string; from: string; id: string; body: string; timestamp?: number }): Promise<StoredMessage>;
  /** Only moves forward (see status.ts); an unknown key or a disallowed step is ignored. */
  setStatus(key: string, status: MessageStatus, error?: string): Promise<void>;
  /** All incoming messages of the conversation read, unread = 0, read point at the newest message. */
  markConversationRead(peer: string): Promise<void>;
  /**
   * The person saw the conversation up to `upTo`: in one write, every incoming message at or
   * before it is marked read and the unread counter drops. Undefined (and nothing written) when
   * `upTo` is not past the read point or no unread message was covered.
   */
  markReadUpTo(peer: string, upTo: Cursor): Promise<ReadAdvance | undefined>;
  /**
   * Read state from elsewhere (MDS, carbons of our own markers): forward only. A point whose
   * message is not stored yet is kept and applied when storeWireMessages stores that message.
   */
  applyReadPoints(points: ReadPoint[]): Promise<void>;
  /**
   * Status steps of our outgoing messages, by (peer, message@id): forward only; `read` also
   * covers every earlier outgoing message of that conversation. Unknown ids change nothing.
   */
  applyStatuses(updates: StatusUpdate[]): Promise<void>;
  /** The oldest unread incoming message of a conversation. */
  firstUnread(peer: string): Promise<StoredMessage | undefined>;
  /** The newest `limit` messages, ascending. */
  latest(peer: string, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages older than the cursor (the newest of them), ascending. */
  before(peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages newer than the cursor (the oldest of them), ascending. */
  after(peer: string, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** One message by its key. */
  message(key: string): Promise<StoredMessage | undefined>;
  /**
   * The message `ref` names in `peer`'s conversation (a notification's or link's target): by
   * stanza-id, else by the peer's origin-id/id, else the nearest in time. Indexed lookups only.
   */
  findMessage(peer: string, ref: MessageRef): Promise<StoredMessage | undefined>;
  /** The stanza-id of the newest stored message (by timestamp, then order) that has one: where archive sync resumes. */
  lastStanzaId(): Promise<string | undefined>;
  /**
   * Where archive sync resumes: lastStanzaId, or, while an outgoing message is pending, the
   * stanza-id history held when it was written (the server archived it after that one, if at all).
   */
  resumeStanzaId(): Promise<string | undefined>;
  /**
   * Set while an archive sync has not completed (kept across restarts): history may lack archive
   * messages after `after` (without `after`: the first sync never completed), so the next sync
   * starts there rather than at lastStanzaId, which live messages may have moved past the gap.
   */
  syncGap(): Promise<{ after?: string } | undefined>;
  setSyncGap(gap: { after?: string } | undefined): Promise<void>;
  /** The outbox: our outgoing messages still pending, oldest first, created at or before `createdBefore` (ms). */
  pendingOutgoing(createdBefore?: number): Promise<StoredMessage[]>;
  /** Newest activity first. */
  conversations(): Promise<ConversationRow[]>;
  /** Creates an empty conversation row (timestamped now) so a new chat appears in the list. */
  ensureConversation(peer: string): Promise<void>;
  /** Fired after every committed write that changed something, with the affected peers. */
  onChange(listener: (change: { peers: string[] }) => void): () => void;
  close(): void;
}
