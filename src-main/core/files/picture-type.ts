import type { PictureType } from '../../../src-shared/contract';

/**
 * The picture type the first bytes of a file prove, or null: decided from the bytes, never from a
 * name or a server's Content-Type. Guarded by test/unit/file-transfer.test.ts.
 */
export function sniffPicture(head: Uint8Array): PictureType | null {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  const ascii = (at: number, text: string) => [...text].every((c, i) => head[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}
