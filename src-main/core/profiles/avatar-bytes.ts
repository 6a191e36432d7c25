import { createHash } from 'node:crypto';
import type { AvatarError, AvatarPicture, PictureType } from '../../../src-shared/contract';
import { sniffPicture } from '../files/picture-type';

/** Largest avatar accepted from a contact: XEP-0084 §5 suggests far less; anything bigger is not a face in a list. */
export const MAX_AVATAR_BYTES = 1024 * 1024;
/** Largest avatar we publish (the page resizes to at most 192×192 first). */
export const MAX_OWN_AVATAR_BYTES = 256 * 1024;
export const MAX_OWN_AVATAR_SIDE = 192;

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * A contact's avatar as it came (base64 from a PEP data item or a vCard PHOTO) checked the way
 * XEP-0084 §4.2.1 names it: the SHA-1 of the bytes is the hash, and the type is what the bytes
 * prove (PNG, JPEG, GIF or WebP; never SVG, whatever the metadata claims).
 * Guarded by test/unit/profiles.test.ts.
 */
export function checkAvatar(hash: string, base64: string): { ok: true; value: AvatarPicture } | { ok: false; error: AvatarError } {
  if (base64.length > (MAX_AVATAR_BYTES * 4) / 3 + 4) return { ok: false, error: 'not-a-picture' };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) return { ok: false, error: 'not-found' };
  if (sha1Hex(bytes) !== hash) return { ok: false, error: 'hash-mismatch' };
  const type = sniffPicture(bytes.subarray(0, 16));
  if (!type) return { ok: false, error: 'not-a-picture' };
  return { ok: true, value: { hash, type, base64: bytes.toString('base64') } };
}

/** Our own avatar: PNG or JPEG only (XEP-0084 §4.2.1 wants PNG offered; JPEG is what photos are), small. */
export function ownAvatarType(bytes: Uint8Array, width: number, height: number): PictureType | 'too-large' | 'not-a-picture' {
  const type = sniffPicture(bytes.subarray(0, 16));
  if (type !== 'image/png' && type !== 'image/jpeg') return 'not-a-picture';
  if (bytes.length > MAX_OWN_AVATAR_BYTES || width > MAX_OWN_AVATAR_SIDE || height > MAX_OWN_AVATAR_SIDE || width < 1 || height < 1) return 'too-large';
  return type;
}
