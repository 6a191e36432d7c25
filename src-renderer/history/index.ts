import type { ReadPoint, StatusUpdate, WireMessage } from '../../src-shared/contract';
import { emptyConversation, toConversationRow } from './conversations';
import { lastStanzaId, resumeStanzaId, setSyncGap, syncGap } from './last-stanza';
import { findMessage, pendingOutgoing } from './lookups';
import { after, before, firstUnread, latest, toStoredMessage } from './queries';
import { advanceReadPoint, comparePosition, findReadPointRow, keepPending, summarize } from './read-point';
import { HistoryDb, type DatabaseOptions } from './schema';
import { applyStatus, keepOutbox } from './status';
import { applyStatusUpdates } from './statuses';
import { candidateRow, storeRows, storeWire } from './store';
import type { ConversationRow, Cursor, History, MessageStatus, ReadAdvance, StoredMessage } from './types';

export type { ConversationRow, Cursor, History, MessageStatus, ReadAdvance, StatusTimes, StoreResult, StoredMessage } from './types';
export { comparePosition } from './read-point';
export { CHUNK_SIZE } from './store';

export const DEFAULT_DATABASE_NAME = 'glance-history';

export interface OpenHistoryOptions extends DatabaseOptions {
  /** IndexedDB database name; one per account is a good idea. */
  name?: string;
  /**
   * The upgrade to this schema waits for another connection that does not let go (an older
   * Glance in another window): opening resumes, by itself, once that one closes.
   */
  onBlocked?: () => void;
}

/** Opens (creating or migrating) the history database. */
export async function openHistory(options: OpenHistoryOptions = {}): Promise<History> {
  const db = new HistoryDb(options.name ?? DEFAULT_DATABASE_NAME, options);
  if (options.onBlocked) db.on('blocked', () => options.onBlocked?.());
  await db.open();
  return createHistory(db);
}

function createHistory(db: HistoryDb): History {
  const listeners = new Set<(change: { peers: string[] }) => void>();

  function emit(peers: Iterable<string>): void {
    const change = { peers: [...peers] };
    if (change.peers.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('history: change listener failed', error);
      }
    }
  }

  return {
    storeWireMessages(messages: WireMessage[], _options?: { openPeer?: string }) {
      return storeWire(db, messages, emit);
    },

    async addOutgoing(message): Promise<StoredMessage> {
      const row = candidateRow({ ...message, direction: 'out', originId: message.id, timestamp: message.timestamp ?? Date.now() });
      row.status = 'pending';
      keepOutbox(row);
      const result = await storeRows(db, [row], false);
      emit(result.peers);
      return toStoredMessage(result.rows[0]!);
    },

    async setStatus(key: string, status: MessageStatus, error?: string): Promise<void> {
      const peer = await db.transaction('rw', db.messages, async () => {
        const row = await db.messages.get(key);
        if (!row || !applyStatus(row, status, Date.now(), error)) return undefined;
        await db.messages.put(row);
        return row.peer;
      });
      if (peer !== undefined) emit([peer]);
    },

    async markConversationRead(peer: string): Promise<void> {
      const changed = await db.transaction('rw', db.messages, db.conversations, async () => {
        const [newest] = await latest(db, peer, 1);
        const marked = newest ? (await advanceReadPoint(db, peer, newest)).length : 0;
        const updated = await db.conversations.where('peer').equals(peer).and((c) => c.unread !== 0).modify({ unread: 0 });
        return marked > 0 || updated > 0;
      });
      if (changed) emit([peer]);
    },

    async markReadUpTo(peer: string, upTo: Cursor): Promise<ReadAdvance | undefined> {
      const advance = await db.transaction('rw', db.messages, db.conversations, async () => {
        const readTo = (await db.conversations.get(peer))?.readTo;
        if (readTo && comparePosition(upTo, readTo) <= 0) return undefined;
        const covered = await advanceReadPoint(db, peer, upTo);
        return covered.length ? summarize(peer, covered) : undefined;
      });
      if (advance) emit([peer]);
      return advance;
    },

    async applyReadPoints(points: ReadPoint[]): Promise<void> {
      const changed = new Set<string>();
      await db.transaction('rw', [db.messages, db.conversations, db.pendingReads], async () => {
        for (const point of points) {
          const row = await findReadPointRow(db, point);
          if (!row) await keepPending(db, point, Date.now());
          else if ((await advanceReadPoint(db, row.peer, row)).length) changed.add(row.peer);
        }
      });
      emit(changed);
    },

    async applyStatuses(updates: StatusUpdate[]): Promise<void> {
      emit(await applyStatusUpdates(db, updates));
    },

    firstUnread: (peer) => firstUnread(db, peer),

    latest: (peer, limit) => latest(db, peer, limit),
    before: (peer, cursor, limit) => before(db, peer, cursor, limit),
    after: (peer, cursor, limit) => after(db, peer, cursor, limit),

    async message(key: string): Promise<StoredMessage | undefined> {
      const row = await db.messages.get(key);
      return row && toStoredMessage(row);
    },
    findMessage: (peer, ref) => findMessage(db, peer, ref),
    lastStanzaId: () => lastStanzaId(db),
    resumeStanzaId: () => resumeStanzaId(db),
    syncGap: () => syncGap(db),
    setSyncGap: (gap) => setSyncGap(db, gap),
    pendingOutgoing: (createdBefore) => pendingOutgoing(db, createdBefore),

    async conversations(): Promise<ConversationRow[]> {
      const rows = await db.conversations.orderBy('lastTimestamp').reverse().toArray();
      return rows.map(toConversationRow);
    },

    async ensureConversation(peer: string): Promise<void> {
      const created = await db.transaction('rw', db.conversations, async () => {
        if (await db.conversations.get(peer)) return false;
        await db.conversations.add(emptyConversation(peer, Date.now()));
        return true;
      });
      if (created) emit([peer]);
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
