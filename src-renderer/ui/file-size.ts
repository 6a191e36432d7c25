import type { MessageKey } from '../i18n';

/** A file size as a person reads it: bytes, KB or MB (1024-based, one decimal above 10 KB none). */
export function fileSize(bytes: number): { key: MessageKey; size: number } {
  if (bytes < 1024) return { key: 'file.sizeBytes', size: bytes };
  if (bytes < 1024 * 1024) return { key: 'file.sizeKilobytes', size: Math.round(bytes / 1024) };
  return { key: 'file.sizeMegabytes', size: Math.round((bytes / (1024 * 1024)) * 10) / 10 };
}
