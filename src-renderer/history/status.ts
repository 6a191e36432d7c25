import { OPEN_OUT_STATUSES, type MessageRow } from './schema';
import type { MessageStatus } from './types';

const RANK: Record<Exclude<MessageStatus, 'failed'>, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Whether an outgoing message may go from `current` to `next`. Status only moves forward
 * (pending < sent < delivered < read); 'failed' is entered only from pending or sent. From
 * 'failed', a retry moves back to 'pending', and evidence that the message did get through
 * (a late server ack, a receipt, a displayed marker) may replace the failure.
 */
export function canMoveStatus(current: MessageStatus | undefined, next: MessageStatus): boolean {
  if (current === undefined) return true;
  if (current === next) return false;
  if (next === 'failed') return current === 'pending' || current === 'sent';
  if (current === 'failed') return true;
  return RANK[next] > RANK[current];
}

/**
 * Moves an outgoing row to `next` if allowed, recording when (for sent, delivered and read) and
 * keeping the sparse index of messages the other party has not read yet. Returns whether it changed.
 * Back to pending (a retry) forgets the times of the failed attempt.
 */
export function applyStatus(row: MessageRow, next: MessageStatus, at?: number, error?: string): boolean {
  if (row.direction !== 'out' || !canMoveStatus(row.status, next)) return false;
  row.status = next;
  if (next === 'failed' && error !== undefined) row.error = error;
  else delete row.error;
  if (next === 'pending') delete row.statusTimes;
  else if (next !== 'failed' && at !== undefined) row.statusTimes = { ...row.statusTimes, [next]: at };
  if (OPEN_OUT_STATUSES.has(next)) row.unreadOutConversation = row.conversation;
  else delete row.unreadOutConversation;
  keepOutbox(row);
  return true;
}

/** Keeps the outbox index: an outgoing row is in it exactly while it is pending. */
export function keepOutbox(row: MessageRow): void {
  if (row.direction === 'out' && row.status === 'pending') row.outboxAt = row.timestamp;
  else {
    delete row.outboxAt;
    delete row.writtenAfter;
  }
}
