import type { CachedFile } from './file-cache';

/** Where the page finds a fetched file: `/files/<key>`, on the app's own origin in both shells. */
export const FILES_PATH = '/files/';

/** The cache key a request path names, or undefined when it names no file. */
export function fileKeyOf(pathname: string): string | undefined {
  if (!pathname.startsWith(FILES_PATH)) return undefined;
  const key = pathname.slice(FILES_PATH.length);
  return /^[0-9a-f]{32}$/.test(key) ? key : undefined;
}

/**
 * The headers a fetched file is served with. Only a proven raster picture is served as itself,
 * for an `<img>`; anything else (SVG and HTML included), and any file asked for as a download,
 * is an attachment of no type the browser would render, in a sandbox without any rights.
 * Guarded by test/unit/file-transfer.test.ts.
 */
export function fileHeaders(file: CachedFile, download: boolean): Record<string, string> {
  const inline = file.picture !== null && !download;
  return {
    'Content-Type': inline ? file.picture! : 'application/octet-stream',
    'Content-Length': String(file.size),
    ...(inline ? {} : { 'Content-Disposition': 'attachment' }),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=3600',
  };
}
