import type { StoredAvatar } from './avatars';
import type {
  ActionRequest,
  ArchiveProgress,
  ArchiveSlice,
  ConversationKey,
  ConversationRef,
  MessageActionEvent,
  MessageRef,
  MentionRequest,
  MessageReply,
  ReadPoint,
  RoomMarker,
  RoomNotice,
  Sender,
  SharedFile,
  StatusUpdate,
  WireMessage,
} from '../../src-shared/contract';
import type { ReaderMark } from './read-by';

/**
 * An archive sync that has not completed: history may lack the archive's messages after `after`
 * (none: all of them). `slices`: how far each slice of that catch-up got, when its progress was stored.
 */
export interface SyncGap {
  after?: string;
  slices?: ArchiveSlice[];
}

/** Outgoing status; only moves forward: pending < sent < delivered < read, or failed (see status.ts). */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A file a message shares; an outgoing one has no URL until it is uploaded. */
export interface StoredFile extends Omit<SharedFile, 'url'> {
  url?: string;
}

/** A file the person chose to send: its bytes stay in history until the upload is done. */
export interface NewFile {
  name: string;
  size: number;
  mediaType: string;
  bytes: Blob;
}

export interface StoredMessage {
  /** Primary key; the same message from live, carbon and archive delivery has one key (keys.ts). */
  key: string;
  conversation: ConversationRef;
  direction: 'in' | 'out';
  /** Who wrote it (in a chat: the bare JID of either party). */
  sender: Sender;
  /** Sender JID (full or bare), as it arrived. */
  from: string;
  id?: string;
  originId?: string;
  stanzaId?: string;
  /** The archive that assigned `stanzaId` (our own bare JID for a chat). */
  stanzaIdBy?: string;
  body: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Tiebreaker so equal timestamps keep arrival order; messages sort by [conversation+timestamp+order]. */
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
  /** XEP-0461: the message this one answers (for our own, with the quoted text the fallback carries). */
  reply?: MessageReply;
  /** XEP-0308: every version of the text, oldest (the original) first, once corrected; `body` is the newest. */
  edits?: MessageEdit[];
  /** XEP-0424: its sender withdrew it; its text (body, edits) is gone. */
  retracted?: true;
  /** XEP-0444: each sender's current set of reactions, by senderKey (an empty set is kept: it is that sender's newest). */
  reactions?: ReactionEntry[];
  /** The file it shares (version 7); `body` is then its URL, or for one not yet uploaded its name. */
  file?: StoredFile;
  /** Incoming, in a room: it mentions us (a reference, our nickname, a reply to us). */
  mentionsMe?: true;
  /** Outgoing, in a room: the participants it mentions (XEP-0372), sent again with it by the outbox. */
  mentions?: MentionRequest[];
  /** A room's quiet line (someone joined, the subject changed): read from the start, never unread, no preview. */
  notice?: RoomNotice;
}

export interface MessageEdit {
  body: string;
  /** When this version was written. */
  at: number;
  /** The correction's id ('' for the original): the same correction arriving twice counts once. */
  key: string;
}

export interface ReactionEntry {
  sender: Sender;
  /** keys.ts senderKey of the sender. */
  senderKey: string;
  emojis: string[];
  /** When this set was sent: a sender's newest set wins, whatever the order they arrive in. */
  at: number;
  /** Its message@id (tie-break between two sets of the same time). */
  id: string;
}

export interface StatusTimes {
  sent?: number;
  delivered?: number;
  read?: number;
}

/** What one local read step covered, for the `markDisplayed` command. */
export interface ReadAdvance {
  conversation: ConversationRef;
  /** Incoming messages this step marked read. */
  marked: number;
  /** message@id of the newest covered message that was markable and not an archive replay. */
  markerFor?: string;
  /** stanza-id of the newest covered message that has one from the conversation's archive (keys.ts archiveOf). */
  stanzaId?: string;
}

export interface ConversationRow {
  conversation: ConversationRef;
  lastTimestamp: number;
  /** Empty while the conversation has no message yet (ensureConversation). */
  lastPreview: string;
  lastDirection: 'in' | 'out';
  /** Maintained as a field, never computed by count(). */
  unread: number;
  /** Of the unread, those that mention us (rooms); maintained like `unread`. */
  mentions: number;
  /** When the person pinned it to the top of the list (version 10); absent when not pinned. */
  pinnedAt?: number;
  /**
   * When the person archived it (version 10): it is out of the list while nothing newer arrived
   * (`lastTimestamp <= archivedAt`, organise.ts `isArchived`), so a new message brings it back
   * without a write.
   */
  archivedAt?: number;
}

/** A position in a conversation: the (timestamp, order) of a message. */
export interface Cursor {
  timestamp: number;
  order: number;
}

export interface StoreResult {
  /** Rows that were new (not merged into an existing copy of the same message). */
  added: number;
  /** Conversations that changed (new rows, or existing rows that gained ids or status). */
  conversations: ConversationKey[];
}

/** A message named by a notification or link (MessageRef), or by its key (a search result). */
export interface MessageTarget extends MessageRef {
  key?: string;
}

/** What a committed write changed. */
export interface HistoryChange {
  conversations: ConversationKey[];
  /** Participants' markers the write kept, per room (an open room's read-by adds them as they are). */
  readerMarks?: ReadonlyMap<ConversationKey, readonly ReaderMark[]>;
}

/** A message a search found, with where the query matched its text ([start, end) in UTF-16 units). */
export interface SearchHit {
  message: StoredMessage;
  ranges: [number, number][];
}

export interface History {
  /**
   * Stores messages from the core; the same message (live, carbon, archive) is stored once.
   * Writes in chunks of 250 rows per transaction. Every new incoming message counts as unread
   * unless it is at or behind the conversation's read point. Our own outgoing messages from the
   * wire (another device's, archive copies) move the read point to themselves; kept read points
   * (applyReadPoints) whose message arrives now are applied. A stanza-id without `stanzaIdBy`
   * counts as assigned by the conversation's archive (keys.ts archiveOf).
   */
  /** `progress`: where an archive catch-up's slices stand once these messages are stored (kept for its resumption). */
  storeWireMessages(messages: WireMessage[], progress?: readonly ArchiveProgress[]): Promise<StoreResult>;
  /**
   * Stores our own message as 'pending' before it goes on the wire; idempotent per conversation and
   * id. It does not move the read point: here the read rule knows what the person has seen.
   */
  addOutgoing(message: {
    conversation: ConversationRef;
    from: string;
    id: string;
    body: string;
    timestamp?: number;
    reply?: MessageReply;
    mentions?: MentionRequest[];
  }): Promise<StoredMessage>;
  /**
   * Stores an outgoing file as a pending message together with its bytes, in one transaction; the
   * outbox uploads it (schema version 7).
   */
  addOutgoingFile(message: { conversation: ConversationRef; from: string; id: string; file: NewFile; timestamp?: number }): Promise<StoredMessage>;
  /** The bytes of an outgoing file not uploaded yet, by its message's key. */
  attachment(key: string): Promise<Blob | undefined>;
  /** The file of `key` was uploaded to `url` (its message is on its way). */
  fileUploaded(key: string, url: string): Promise<void>;
  /** Forgets the bytes of files whose message the server has (sent, delivered or read). */
  pruneAttachments(): Promise<void>;
  /** Only moves forward (see status.ts); an unknown key or a disallowed step is ignored. */
  setStatus(key: string, status: MessageStatus, error?: string): Promise<void>;
  /** All incoming messages of the conversation read, unread = 0, read point at the newest message. */
  markConversationRead(conversation: ConversationRef): Promise<void>;
  /**
   * The person saw the conversation up to `upTo`: in one write, every incoming message at or
   * before it is marked read and the unread counter drops. Undefined (and nothing written) when
   * `upTo` is not past the read point or no unread message was covered.
   */
  markReadUpTo(conversation: ConversationRef, upTo: Cursor): Promise<ReadAdvance | undefined>;
  /**
   * Read state from elsewhere (MDS, carbons of our own markers): forward only. A point whose
   * message is not stored yet is kept and applied when storeWireMessages stores that message.
   */
  applyReadPoints(points: ReadPoint[]): Promise<void>;
  /**
   * Status steps of our outgoing messages, by (conversation, message@id): forward only; `read` also
   * covers every earlier outgoing message of that conversation. Unknown ids change nothing.
   */
  applyStatuses(updates: StatusUpdate[]): Promise<void>;
  /**
   * Corrections, retractions and reactions (history/actions.ts): each amends the message it names,
   * or is kept until that message is stored; whatever the order, the stored result is the same.
   */
  applyActions(events: MessageActionEvent[]): Promise<void>;
  /** Stores participants' displayed markers in private groups (XEP-0333), once each. */
  applyRoomMarkers(markers: RoomMarker[]): Promise<void>;
  /** A room's participants' markers, placed where their messages are (read-by.ts turns them into read-by). */
  roomReaderMarks(room: ConversationRef): Promise<ReaderMark[]>;
  /** The oldest unread incoming message of a conversation. */
  firstUnread(conversation: ConversationRef): Promise<StoredMessage | undefined>;
  /** The newest `limit` messages, ascending. */
  latest(conversation: ConversationRef, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages older than the cursor (the newest of them), ascending. */
  before(conversation: ConversationRef, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** Up to `limit` messages newer than the cursor (the oldest of them), ascending. */
  after(conversation: ConversationRef, cursor: Cursor, limit: number): Promise<StoredMessage[]>;
  /** One message by its key. */
  message(key: string): Promise<StoredMessage | undefined>;
  /**
   * The message `ref` names in the conversation (a notification's or link's target): by stanza-id
   * (from the conversation's archive), else by the other party's origin-id/id, else the nearest in
   * time; a `key` (a search result) names the row itself. Indexed lookups only.
   */
  findMessage(conversation: ConversationRef, ref: MessageTarget): Promise<StoredMessage | undefined>;
  /** The message a reply names: by message@id in a chat, the room's stanza-id in a room (lookups.ts). */
  byReference(conversation: ConversationRef, reference: string): Promise<StoredMessage | undefined>;
  /** Bare JID of the account this history belongs to: the archive `archive` means when absent. */
  readonly account: string;
  /**
   * The stanza-id of the newest stored message (by timestamp, then order) that has one from
   * `archive` (our own account's when absent): where that archive's sync resumes.
   */
  lastStanzaId(archive?: string): Promise<string | undefined>;
  /**
   * Where the sync of `archive` resumes: lastStanzaId, or, while an outgoing message to a
   * conversation of that archive is pending, the stanza-id history held when it was written (the
   * server archived it after that one, if at all).
   */
  resumeStanzaId(archive?: string): Promise<string | undefined>;
  /**
   * Set while a sync of `archive` has not completed (kept across restarts): history may lack its
   * messages after `after` (without `after`: the first sync never completed), so the next sync
   * starts there rather than at lastStanzaId, which live messages may have moved past the gap.
   */
  syncGap(archive?: string): Promise<SyncGap | undefined>;
  /** Starts (without slices) or ends a gap; either way the stored slice progress goes. */
  setSyncGap(gap: { after?: string } | undefined, archive?: string): Promise<void>;
  /** Our message actions still waiting for the connection, oldest first (app/action-queue.ts); kept across restarts. */
  queuedActions(): Promise<QueuedAction[]>;
  setQueuedActions(actions: readonly QueuedAction[]): Promise<void>;
  /** The outbox: our outgoing messages still pending, oldest first, created at or before `createdBefore` (ms). */
  pendingOutgoing(createdBefore?: number): Promise<StoredMessage[]>;
  /**
   * Messages whose text matches every word prefix and Chinese run of `query` (search/terms.ts),
   * newest first, at most `limit` (20), in one conversation or all; retracted messages never.
   */
  search(query: string, options?: { conversation?: ConversationRef; limit?: number }): Promise<SearchHit[]>;
  /**
   * Indexes, in the background, messages stored before the search index existed (chunks, yielding
   * between them); resolves true once everything is indexed, false if `stopped` said so first.
   */
  buildSearchIndex(stopped?: () => boolean): Promise<boolean>;
  /** Newest activity first. */
  conversations(): Promise<ConversationRow[]>;
  /** Pins or unpins, archives or brings back a conversation (kept on its row, so it survives restarts). */
  organise(conversation: ConversationRef, change: { pinned?: boolean; archived?: boolean }): Promise<void>;
  /** A contact's picture kept by its hash (version 10). */
  avatar(hash: string): Promise<StoredAvatar | undefined>;
  storeAvatar(avatar: StoredAvatar): Promise<void>;
  /** Creates an empty conversation row (timestamped now) so a new chat appears in the list. */
  ensureConversation(conversation: ConversationRef): Promise<void>;
  /** Fired after every committed write that changed something, with the affected conversations. */
  onChange(listener: (change: HistoryChange) => void): () => void;
  close(): void;
}

/** One of our message actions as it is handed to the core: the command and its request. */
export type QueuedAction =
  | { command: 'correctMessage'; request: ActionRequest & { body: string } }
  | { command: 'retractMessage'; request: ActionRequest & { fallback: string } }
  | { command: 'react'; request: ActionRequest & { emojis: string[] } };
