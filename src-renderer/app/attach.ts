import type { UploadServiceInfo } from '../../src-shared/contract';
import type { MessageKey } from '../i18n';

const MEGABYTE = 1024 * 1024;

/** A size in MB (MiB, as servers and other clients count them), to one decimal. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / MEGABYTE) * 10) / 10;
}

/**
 * Why a chosen file is refused before anything is stored or sent, as a catalogue sentence, or
 * undefined when it may be queued. Over the server's limit is refused at once (saying the limit);
 * with no upload service known, only while online (offline, the limit is not known yet: it is
 * queued and the core checks it when it goes out). Guarded by test/unit/attach.test.ts.
 */
export function attachRefusal(
  file: { name: string; size: number },
  upload: UploadServiceInfo | null | undefined,
  online: boolean,
): { key: MessageKey; params: Record<string, string | number> } | undefined {
  if (upload?.maxBytes != null && file.size > upload.maxBytes) return { key: 'file.tooLarge', params: { name: file.name, limit: megabytes(upload.maxBytes) } };
  if (!upload && online) return { key: 'file.noService', params: { name: file.name } };
  return undefined;
}

/** The type a file is announced with: the browser's guess, else none known. */
export function mediaTypeOf(file: { type: string }): string {
  return file.type || 'application/octet-stream';
}
