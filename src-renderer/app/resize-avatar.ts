/** The largest side of an avatar we publish (XEP-0084 §5 suggests 32–96 px shown; 192 keeps it sharp on dense screens). */
export const AVATAR_SIDE = 192;
/** PNG above this size is published as JPEG instead (photos compress badly as PNG). */
const PNG_BUDGET = 200 * 1024;

/** The size a picture of `width`×`height` is drawn at: scaled down (never up) to fit AVATAR_SIDE, aspect kept. Guarded by test/unit/avatar-helpers.test.ts. */
export function fitAvatar(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, AVATAR_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface EncodedAvatar {
  bytes: Uint8Array;
  width: number;
  height: number;
  type: 'image/png' | 'image/jpeg';
}

/**
 * Decodes a picture the person chose and encodes it again in the page, at most 192×192, as PNG
 * (or JPEG when the PNG is large): whatever the file was, what is published is freshly drawn
 * pixels (no metadata, no script, never SVG). Throws when the browser cannot decode it.
 */
export async function resizeAvatar(file: Blob): Promise<EncodedAvatar> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = fitAvatar(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const encode = (type: EncodedAvatar['type']) =>
    new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('not encoded'))), type, 0.85));
  let blob = await encode('image/png');
  let type: EncodedAvatar['type'] = 'image/png';
  if (blob.size > PNG_BUDGET) {
    blob = await encode('image/jpeg');
    type = 'image/jpeg';
  }
  return { bytes: new Uint8Array(await blob.arrayBuffer()), width, height, type };
}

/** Base64 of bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}
