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
