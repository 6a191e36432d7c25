import type { ActionError, ActionRequest, ConnectionState, SendError, SendRequest } from '../../src-shared/contract';
import { conversationInCommand } from './conversation-input';

/** Longest body the core sends. */
const MAX_TARGET_CHARS = 256;
/** Most reactions in one set (message-actions-codec.ts keeps as many of a peer's). */
const MAX_REACTIONS = 20;

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
  if (request.reply && (typeof request.reply.target !== 'string' || request.reply.target === '' || request.reply.target.length > MAX_TARGET_CHARS))
    return 'bad-id';
  if (typeof request.session === 'number' && connection?.status === 'online' && request.session !== connection.session) return 'offline';
  return undefined;
}

/**
 * Why the core does not take one of the renderer's message actions now, or undefined. A
 * correction's body is checked like a message's; a reaction set holds at most MAX_REACTIONS short,
 * non-empty strings.
 */
export function actionRefusal(request: ActionRequest & { body?: string; emojis?: string[] }, connection: ConnectionState | undefined): ActionError | undefined {
  const body = typeof request?.body === 'string' ? request.body : 'action';
  const refused = sendRefusal({ conversation: request?.conversation, body, id: request?.id }, connection);
  if (refused) return refused;
  if (typeof request.target !== 'string' || request.target.length === 0 || request.target.length > MAX_TARGET_CHARS) return 'bad-target';
  if (request.emojis !== undefined) {
    const emojis = request.emojis;
    if (!Array.isArray(emojis) || emojis.length > MAX_REACTIONS || emojis.some((e) => typeof e !== 'string' || e.trim() === '' || e.length > 32))
      return 'empty';
  }
  return undefined;
}
