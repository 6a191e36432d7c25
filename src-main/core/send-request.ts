import type { ConnectionState, SendError, SendRequest } from '../../src-shared/contract';
import { conversationInCommand } from './conversation-input';

/** Longest body the core sends. */
const MAX_BODY_CHARS = 100_000;

/**
 * Why the core does not take a renderer's `sendMessage` now (the command's error), or undefined
 * when it does. `offline` also when the renderer has not seen the current session begin
 * (SendRequest.session): its older messages go first, after that session's archive sync.
 */
export function sendRefusal(request: SendRequest, connection: ConnectionState | undefined): SendError | undefined {
  const conversation = conversationInCommand(request?.conversation);
  if (!conversation) return 'malformed-address';
  if (typeof request.body !== 'string' || request.body.trim() === '') return 'empty';
  if (request.body.length > MAX_BODY_CHARS) return 'too-long';
  if (typeof request.id !== 'string' || !/^[\w-]{8,128}$/.test(request.id)) return 'bad-id';
  if (typeof request.session === 'number' && connection?.status === 'online' && request.session !== connection.session) return 'offline';
  return undefined;
}
