import type { GlanceBridge, Result } from '../../src-shared/contract';
import type { History, StoredMessage } from '../history';

/** Stored as a failed message's error when the bridge call itself threw (translated when shown). */
export const UNREACHABLE = 'unreachable';

export type OutboxHistory = Pick<History, 'addOutgoing' | 'setStatus'>;

/**
 * Sends a message: the row is stored as pending FIRST, then the core is asked to send it with the
 * same id. An ok Result leaves it pending: *sent* means the server acknowledged it, and the core
 * says so with a `sent` status (DESIGN.md). A failed Result marks it failed with the core's error.
 * Throws when the row could not be stored or the bridge call threw, so the composer keeps its
 * text; the row then shows failed.
 */
export async function sendMessage(
  bridge: Pick<GlanceBridge, 'invoke'>,
  history: OutboxHistory,
  message: { peer: string; from: string; body: string },
): Promise<StoredMessage> {
  const row = await history.addOutgoing({ ...message, id: crypto.randomUUID() });
  await transmit(bridge, history, row);
  return row;
}

/** Sends a failed message again, with its original id so the peer can tell it is the same one. */
export async function retryMessage(bridge: Pick<GlanceBridge, 'invoke'>, history: OutboxHistory, row: StoredMessage): Promise<void> {
  if (row.direction !== 'out' || row.status !== 'failed') return;
  await history.setStatus(row.key, 'pending');
  await transmit(bridge, history, row);
}

async function transmit(bridge: Pick<GlanceBridge, 'invoke'>, history: OutboxHistory, row: StoredMessage): Promise<void> {
  const id = row.originId ?? row.id ?? crypto.randomUUID();
  let result: Result;
  try {
    result = await bridge.invoke('sendMessage', { peer: row.peer, body: row.body, id });
  } catch (error) {
    await history.setStatus(row.key, 'failed', UNREACHABLE).catch(() => undefined);
    throw error;
  }
  if (!result.ok) await history.setStatus(row.key, 'failed', result.error);
}
