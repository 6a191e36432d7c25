import type { ConnectionState, FileSendError, FileSendRequest } from '../../../src-shared/contract';
import { conversationInCommand } from '../conversation-input';

/** Longest file name announced to the upload service (it becomes part of the URL). */
const MAX_NAME_CHARS = 120;

/** Why the core does not take a `sendFile` now, or undefined when it does (as sendRefusal for text). */
export function fileSendRefusal(request: FileSendRequest, connection: ConnectionState | undefined): FileSendError | undefined {
  const conversation = conversationInCommand(request?.conversation);
  if (!conversation) return 'malformed-address';
  if (conversation.kind !== 'chat') return 'unsupported';
  if (typeof request.id !== 'string' || !/^[\w-]{8,128}$/.test(request.id)) return 'bad-id';
  if (!(request.bytes instanceof Uint8Array) || request.bytes.byteLength === 0) return 'empty';
  if (typeof request.session === 'number' && connection?.status === 'online' && request.session !== connection.session) return 'offline';
  return undefined;
}

/**
 * The name announced for an upload: no directories, no control or path characters, not hidden,
 * at most MAX_NAME_CHARS (keeping the extension). Guarded by test/unit/file-transfer.test.ts.
 */
export function uploadName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const base = cleaned || 'file';
  if (base.length <= MAX_NAME_CHARS) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, MAX_NAME_CHARS - extension.length) + extension;
}

/** A MIME type as announced: `type/subtype` from the request, else application/octet-stream. */
export function uploadMediaType(mediaType: string): string {
  const type = mediaType.trim().toLowerCase();
  return /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(type) ? type : 'application/octet-stream';
}
