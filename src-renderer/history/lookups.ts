import Dexie from 'dexie';
import type { MessageRef } from '../../src-shared/contract';
import { bareJid } from '../../src-shared/jid';
import { toStoredMessage } from './queries';
import { comparePosition } from './read-point';
import type { HistoryDb, MessageRow } from './schema';
import type { StoredMessage } from './types';

/** Lookups by something other than position: the outbox, and a message named by a notification or link. */

/**
 * Our outgoing messages still pending (the outbox), oldest first, created at or before
 * `createdBefore` (ms since the epoch; all when omitted). Runs on the sparse [outboxAt+order] index.
 */
export async function pendingOutgoing(db: HistoryDb, createdBefore = Infinity): Promise<StoredMessage[]> {
  const upper = Number.isFinite(createdBefore) ? [createdBefore, Dexie.maxKey] : [Dexie.maxKey, Dexie.maxKey];
  const rows = await db.messages.where('[outboxAt+order]').between([Dexie.minKey, Dexie.minKey], upper, true, true).toArray();
  return rows.map(toStoredMessage);
}

function newest(rows: MessageRow[]): StoredMessage | undefined {
  const row = rows.sort(comparePosition).at(-1);
  return row && toStoredMessage(row);
}

/**
 * The message of `peer`'s conversation that `ref` names: by stanza-id, else by the peer's own
 * id (origin-id, else message@id), else the one nearest in time (the later on a tie).
 */
export async function findMessage(db: HistoryDb, peer: string, ref: MessageRef): Promise<StoredMessage | undefined> {
  if (ref.stanzaId) {
    const found = newest(await db.messages.where('stanzaId').equals(ref.stanzaId).filter((row) => row.peer === peer).toArray());
    if (found) return found;
  }
  if (ref.clientId) {
    const rows = await db.messages.where('[sender+clientId]').equals([bareJid(peer), ref.clientId]).filter((row) => row.peer === peer).toArray();
    const found = newest(rows);
    if (found) return found;
  }
  if (!Number.isFinite(ref.timestamp)) return undefined;
  const [later, earlier] = await Promise.all([
    db.messages.where('[peer+timestamp+order]').between([peer, ref.timestamp, Dexie.minKey], [peer, Dexie.maxKey, Dexie.maxKey], true, true).first(),
    db.messages.where('[peer+timestamp+order]').between([peer, Dexie.minKey, Dexie.minKey], [peer, ref.timestamp, Dexie.minKey], true, false).last(),
  ]);
  const nearest = !earlier || (later && later.timestamp - ref.timestamp <= ref.timestamp - earlier.timestamp) ? later : earlier;
  return nearest && toStoredMessage(nearest);
}
