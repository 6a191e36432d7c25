/** Longest file name kept (the extension is kept whole). */
const MAX_NAME_CHARS = 120;

/**
 * A file name safe to announce or save under: no directories, no control or path characters,
 * not hidden, at most MAX_NAME_CHARS. Guarded by test/unit/file-transfer.test.ts.
 */
export function cleanFileName(name: string): string {
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

/** Whether a shared file is worth fetching as a picture: its name or claimed type says PNG, JPEG, GIF or WebP (the bytes decide). */
export function looksLikePicture(file: { name?: string; mediaType?: string }): boolean {
  if (file.mediaType && /^image\/(png|jpeg|gif|webp)$/i.test(file.mediaType)) return true;
  return /\.(png|jpe?g|gif|webp)$/i.test(file.name ?? '');
}
