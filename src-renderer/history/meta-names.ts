/** Names of the rows of the meta table. */

/** Our message actions waiting for the connection (`MetaRow.actions`; app/action-queue.ts). */
export const QUEUED_ACTIONS = 'queuedActions';

/** The last `order` handed out. */
export const ORDER_COUNTER = 'order';

/**
 * Per archive: the newest stored message that has a stanza-id from that archive, by [timestamp,
 * order]: where that archive's sync resumes (last-stanza.ts).
 */
export function lastStanzaName(archive: string): string {
  return `lastStanza:${archive}`;
}

/** Per archive, present while a sync of it has not completed: where that sync began. */
export function syncGapName(archive: string): string {
  return `syncGap:${archive}`;
}

/** Per archive, while a sliced catch-up has not completed: how far each slice got (ArchiveProgress). */
export function syncSlicesName(archive: string): string {
  return `syncSlices:${archive}`;
}
