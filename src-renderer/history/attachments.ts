import type { ConversationKey } from '../../src-shared/conversation';
import type { ConversationRef } from '../../src-shared/contract';
import { toStoredMessage } from './queries';
import type { HistoryDb } from './schema';
import { keepOutbox } from './status';
import { candidateRow, storeRows, storeRowsTables } from './store';
import type { NewFile, StoredMessage } from './types';

/** Outgoing files (schema version 7): the message row and the bytes it waits to upload. */

/** Stores the pending file message and its bytes in one transaction: both or neither. */
export function addOutgoingFile(
  db: HistoryDb,
  account: string,
  message: { conversation: ConversationRef; from: string; id: string; file: NewFile; timestamp?: number },
): Promise<{ message: StoredMessage; conversation: ConversationKey }> {
  const { name, size, mediaType, bytes } = message.file;
  const row = candidateRow(
    {
      conversation: message.conversation,
      from: message.from,
      id: message.id,
      originId: message.id,
      direction: 'out',
      body: name,
      timestamp: message.timestamp ?? Date.now(),
    },
    account,
  );
  row.file = { name, size, mediaType };
  row.status = 'pending';
  keepOutbox(row);
  return db.transaction('rw', [...storeRowsTables(db), db.attachments], async () => {
    const result = await storeRows(db, [row], false);
    const stored = result.rows[0]!;
    await db.attachments.put({ key: stored.key, bytes });
    return { message: toStoredMessage(stored), conversation: stored.conversation };
  });
}

export async function attachment(db: HistoryDb, key: string): Promise<Blob | undefined> {
  return (await db.attachments.get(key))?.bytes;
}

/** Records where the file went. Returns its conversation when the row changed. */
export function fileUploaded(db: HistoryDb, key: string, url: string): Promise<ConversationKey | undefined> {
  return db.transaction('rw', db.messages, async () => {
    const row = await db.messages.get(key);
    if (!row?.file || row.file.url === url) return undefined;
    row.file = { ...row.file, url };
    await db.messages.put(row);
    return row.conversation;
  });
}

/** Drops the bytes of every file whose message left the outbox for good (sent or further). */
export function pruneAttachments(db: HistoryDb): Promise<void> {
  return db.transaction('rw', db.messages, db.attachments, async () => {
    const keys = await db.attachments.toCollection().primaryKeys();
    const rows = await db.messages.bulkGet(keys);
    const done = keys.filter((_, i) => {
      const status = rows[i]?.status;
      return status === undefined || status === 'sent' || status === 'delivered' || status === 'read';
    });
    await db.attachments.bulkDelete(done);
  });
}
