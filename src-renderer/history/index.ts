import { conversationKey, type ConversationKey } from '../../src-shared/conversation';
import type { MessageActionEvent, ReadPoint, RoomMarker, StatusUpdate, WireMessage } from '../../src-shared/contract';
import { bareJid } from '../../src-shared/jid';
import { addOutgoingFile, attachment, fileUploaded, pruneAttachments } from './attachments';
import { readAvatar, storeAvatar } from './avatars';
import { emptyConversation, organiseConversation, refOfKey, toConversationRow } from './conversations';
import { keepSliceProgress, lastStanzaId, resumeStanzaId, setSyncGap, syncGap } from './last-stanza';
import { byReference, findMessage, pendingOutgoing } from './lookups';
import { QUEUED_ACTIONS } from './meta-names';
import { after, before, firstUnread, latest, toStoredMessage } from './queries';
import { advanceReadPoint, comparePosition, findReadPointRow, keepPending, summarize } from './read-point';
import { HistoryDb, type DatabaseOptions } from './schema';
import { applyStatus, keepOutbox } from './status';
import { applyStatusUpdates } from './statuses';
import { applyActionEvents } from './actions';
import { roomReaderMarks, storeRoomMarkers } from './room-markers';
import { buildSearchIndex } from './search/build';
import { searchHistory } from './search/query';
import { candidateRow, storeRows, storeWire } from './store';
import type { ConversationRow, Cursor, History, HistoryChange, MessageStatus, ReadAdvance, StoredMessage } from './types';

export type {
  ConversationRow,
  Cursor,
  History,
  MessageEdit,
  MessageStatus,
  MessageTarget,
  NewFile,
  ReactionEntry,
  QueuedAction,
  ReadAdvance,
  SearchHit,
  StatusTimes,
  StoreResult,
  StoredFile,
  StoredMessage,
} from './types';
export { comparePosition } from './read-point';
export { CHUNK_SIZE } from './store';

export interface OpenHistoryOptions extends DatabaseOptions {
  /** The account (bare JID) whose history this is: one database each. */
  account: string;
  /** IndexedDB database name; `glance-<account>` when absent. */
  name?: string;
  /**
   * The upgrade to this schema waits for another connection that does not let go (an older
   * Glance in another window): opening resumes, by itself, once that one closes.
   */
  onBlocked?: () => void;
  /** False: storing does not index for search (bench/metrics/search.ts measures the index's cost so). */
  indexesSearch?: false;
}

/** Opens (creating or migrating) the history database. */
export async function openHistory(options: OpenHistoryOptions): Promise<History> {
  const account = bareJid(options.account);
  const db = new HistoryDb(options.name ?? `glance-${account}`, account, options);
  if (options.onBlocked) db.on('blocked', () => options.onBlocked?.());
  if (options.indexesSearch === false) db.indexesSearch = false;
  await db.open();
  return createHistory(db);
}

function createHistory(db: HistoryDb): History {
  const listeners = new Set<(change: { conversations: ConversationKey[] }) => void>();
  const account = db.account;
  const archive = (given: string | undefined) => (given ? bareJid(given) : account);

  function emit(conversations: Iterable<ConversationKey>, readerMarks?: HistoryChange['readerMarks']): void {
    const change: HistoryChange = { conversations: [...conversations], ...(readerMarks ? { readerMarks } : {}) };
    if (change.conversations.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('history: change listener failed', error);
      }
    }
  }

  return {
    account,

    async storeWireMessages(messages: WireMessage[], progress = []) {
      const stored = await storeWire(db, messages, emit);
      await keepSliceProgress(db, progress, archive);
      return stored;
    },

    async addOutgoing(message): Promise<StoredMessage> {
      const row = candidateRow({ ...message, direction: 'out', originId: message.id, timestamp: message.timestamp ?? Date.now() }, account);
      row.status = 'pending';
      keepOutbox(row);
      const result = await storeRows(db, [row], false);
      emit(result.conversations);
      return toStoredMessage(result.rows[0]!);
    },

    async addOutgoingFile(message): Promise<StoredMessage> {
      const stored = await addOutgoingFile(db, account, message);
      emit([stored.conversation]);
      return stored.message;
    },

    attachment: (key) => attachment(db, key),

    async fileUploaded(key, url): Promise<void> {
      const conversation = await fileUploaded(db, key, url);
      if (conversation !== undefined) emit([conversation]);
    },

    pruneAttachments: () => pruneAttachments(db),

    async setStatus(key: string, status: MessageStatus, error?: string): Promise<void> {
      const conversation = await db.transaction('rw', db.messages, async () => {
        const row = await db.messages.get(key);
        if (!row || !applyStatus(row, status, Date.now(), error)) return undefined;
        await db.messages.put(row);
        return row.conversation;
      });
      if (conversation !== undefined) emit([conversation]);
    },

    async markConversationRead(conversation): Promise<void> {
      const key = conversationKey(conversation);
      const changed = await db.transaction('rw', db.messages, db.conversationRows, async () => {
        const [newest] = await latest(db, key, 1);
        const marked = newest ? (await advanceReadPoint(db, key, newest)).length : 0;
        const updated = await db.conversationRows
          .where('conversation')
          .equals(key)
          .and((c) => c.unread !== 0 || (c.mentions ?? 0) !== 0)
          .modify({ unread: 0, mentions: 0 });
        return marked > 0 || updated > 0;
      });
      if (changed) emit([key]);
    },

    async markReadUpTo(conversation, upTo: Cursor): Promise<ReadAdvance | undefined> {
      const key = conversationKey(conversation);
      const advance = await db.transaction('rw', db.messages, db.conversationRows, async () => {
        const readTo = (await db.conversationRows.get(key))?.readTo;
        if (readTo && comparePosition(upTo, readTo) <= 0) return undefined;
        const covered = await advanceReadPoint(db, key, upTo);
        return covered.length ? summarize(refOfKey(key), covered, account) : undefined;
      });
      if (advance) emit([key]);
      return advance;
    },

    async applyReadPoints(points: ReadPoint[]): Promise<void> {
      const changed = new Set<ConversationKey>();
      await db.transaction('rw', [db.messages, db.conversationRows, db.pendingReads], async () => {
        for (const point of points) {
          const row = await findReadPointRow(db, point, account);
          if (!row) await keepPending(db, point, Date.now(), account);
          else if ((await advanceReadPoint(db, row.conversation, row)).length) changed.add(row.conversation);
        }
      });
      emit(changed);
    },

    async applyStatuses(updates: StatusUpdate[]): Promise<void> {
      emit(await applyStatusUpdates(db, updates));
    },

    async applyActions(events: MessageActionEvent[]): Promise<void> {
      emit(await applyActionEvents(db, events));
    },

    async applyRoomMarkers(markers: RoomMarker[]): Promise<void> {
      const kept = await storeRoomMarkers(db, markers);
      emit(kept.keys(), kept);
    },

    roomReaderMarks: (room) => roomReaderMarks(db, room),

    firstUnread: (conversation) => firstUnread(db, conversationKey(conversation)),

    latest: (conversation, limit) => latest(db, conversationKey(conversation), limit),
    before: (conversation, cursor, limit) => before(db, conversationKey(conversation), cursor, limit),
    after: (conversation, cursor, limit) => after(db, conversationKey(conversation), cursor, limit),

    async message(key: string): Promise<StoredMessage | undefined> {
      const row = await db.messages.get(key);
      return row && toStoredMessage(row);
    },
    findMessage: (conversation, ref) => findMessage(db, conversation, ref, account),
    byReference: (conversation, reference) => byReference(db, conversation, reference),
    lastStanzaId: (of) => lastStanzaId(db, archive(of)),
    resumeStanzaId: (of) => resumeStanzaId(db, archive(of)),
    syncGap: (of) => syncGap(db, archive(of)),
    setSyncGap: (gap, of) => setSyncGap(db, archive(of), gap),
    pendingOutgoing: (createdBefore) => pendingOutgoing(db, createdBefore),
    queuedActions: async () => (await db.meta.get(QUEUED_ACTIONS))?.actions ?? [],
    setQueuedActions: async (actions) => void (await db.meta.put({ name: QUEUED_ACTIONS, value: actions.length, actions: [...actions] })),

    search: (query, options) => searchHistory(db, query, options),
    buildSearchIndex: (stopped) => buildSearchIndex(db, stopped ? { stopped } : {}),

    async conversations(): Promise<ConversationRow[]> {
      const rows = await db.conversationRows.orderBy('lastTimestamp').reverse().toArray();
      return rows.map(toConversationRow);
    },

    async organise(conversation, change): Promise<void> {
      const key = conversationKey(conversation);
      await organiseConversation(db, key, change, Date.now());
      emit([key]);
    },

    avatar: (hash) => readAvatar(db, hash),
    storeAvatar: (avatar) => storeAvatar(db, avatar),

    async ensureConversation(conversation): Promise<void> {
      const key = conversationKey(conversation);
      const created = await db.transaction('rw', db.conversationRows, async () => {
        if (await db.conversationRows.get(key)) return false;
        await db.conversationRows.add(emptyConversation(key, Date.now()));
        return true;
      });
      if (created) emit([key]);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close(): void {
      listeners.clear();
      db.close();
    },
  };
}
