import type { CommandError, CommandRequest, CommandResponse, GlanceBridge } from '../../src-shared/contract';
import { UNREACHABLE } from './outbox';

type RoomCommand = 'joinRoom' | 'createRoom';

/** Runs a group chat command whose answer the dialog shows; a thrown bridge error becomes { ok: false }. */
export async function runRoomCommand<K extends RoomCommand>(
  bridge: Pick<GlanceBridge, 'invoke'>,
  name: K,
  request: CommandRequest<K>,
): Promise<CommandResponse<K> | { ok: false; error: CommandError<K> | typeof UNREACHABLE }> {
  try {
    return await bridge.invoke(name, request);
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** The nickname offered in the join dialog: the local part of our address (XEP-0045 §7.2 leaves it to the client). */
export function defaultNick(account: string | undefined): string {
  const local = account?.split('@')[0] ?? '';
  return local;
}

/**
 * Another nickname to offer when ours is taken in the room (XEP-0045 §7.2.9 `conflict`): a
 * trailing number goes up by one, else a 2 is added ("alice" → "alice2" → "alice3").
 */
export function alternativeNick(nick: string): string {
  const match = /^(.*?)(\d+)$/u.exec(nick);
  return match ? `${match[1]}${Number(match[2]) + 1}` : `${nick}2`;
}
