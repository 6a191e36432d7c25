import type { ConnectionState, FileSendError, FileSendRequest } from '../../../src-shared/contract';
import { cleanFileName } from '../../../src-shared/file-name';
import { conversationInCommand } from '../conversation-input';

/** Why the core does not take a `sendFile` now, or undefined when it does (as sendRefusal for text). */
export function fileSendRefusal(request: FileSendRequest, connection: ConnectionState | undefined): FileSendError | undefined {
  const conversation = conversationInCommand(request?.conversation);
  if (!conversation) return 'malformed-address';
  if (typeof request.id !== 'string' || !/^[\w-]{8,128}$/.test(request.id)) return 'bad-id';
  if (!(request.bytes instanceof Uint8Array) || request.bytes.byteLength === 0) return 'empty';
  if (typeof request.session === 'number' && connection?.status === 'online' && request.session !== connection.session) return 'offline';
  return undefined;
}

/** The name announced for an upload (it becomes part of the URL). */
export function uploadName(name: string): string {
  return cleanFileName(name);
}

/** A MIME type as announced: `type/subtype` from the request, else application/octet-stream. */
export function uploadMediaType(mediaType: string): string {
  const type = mediaType.trim().toLowerCase();
  return /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(type) ? type : 'application/octet-stream';
}
