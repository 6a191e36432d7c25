import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './channels';
import type { FileCache } from '../core/files/file-cache';
import { fileHeaders, fileKeyOf } from '../core/files/file-route';

/** Must run before `app.ready`: the scheme behaves like https (secure context, CSP, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves the built renderer from `rendererDir`, and nothing outside it; `/files/<key>` from the core's file cache. */
export function serveRenderer(rendererDir: string, files: Pick<FileCache, 'lookup'>): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const fetched = await fetchedFileResponse(files, request.url);
    if (fetched) return fetched;
    const file = fileFor(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => undefined);
    if (!response) return new Response('Not found', { status: 404 });
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CSP);
    return new Response(response.body, { status: response.status, headers });
  });
}

/** A file the core fetched, as the preview serves it too (src-main/core/files/file-route.ts); undefined for other paths. */
async function fetchedFileResponse(files: Pick<FileCache, 'lookup'>, url: string): Promise<Response | undefined> {
  const parsed = new URL(url);
  const key = parsed.host === 'app' ? fileKeyOf(parsed.pathname) : undefined;
  if (key === undefined) return undefined;
  const file = files.lookup(key);
  if (!file) return new Response('Not found', { status: 404 });
  const body = await net.fetch(pathToFileURL(file.path).toString()).catch(() => undefined);
  if (!body) return new Response('Not found', { status: 404 });
  return new Response(body.body, { status: 200, headers: fileHeaders(file, parsed.searchParams.has('download')) });
}

/** The file under `root` a request names, or undefined for anything outside it or malformed. */
export function fileFor(root: string, url: string): string | undefined {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.host !== 'app') return undefined;
    pathname = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, '.' + pathname);
  return file.startsWith(root + path.sep) ? file : undefined;
}
