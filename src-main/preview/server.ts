import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Events } from '../../src-shared/contract';
import { PREVIEW_FORWARDED_EVENTS } from '../../src-shared/contract-registry';
import { BRIDGE_PATH, decodeClientFrame, MAX_FRAME_BYTES, type ClientFrame, type ServerFrame } from '../../src-shared/preview-wire';
import { dispatchCommand } from '../core/dispatch';
import type { GlanceCore } from '../core/glance-core';
import type { Logger } from '../core/log';
import { fileHeaders, fileKeyOf } from '../core/files/file-route';

export interface PreviewServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// Same policy as the Electron shell's, plus the loopback WebSocket the preview talks through.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the built renderer on 127.0.0.1 and carries the contract over a WebSocket. Only a
 * client presenting the random token from the printed URL may connect: another local user or a
 * web page in the person's browser cannot drive the account.
 */
export async function startPreviewServer(options: {
  core: GlanceCore;
  rendererDir: string;
  port?: number;
  log: Logger;
  token?: string;
}): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(options.rendererDir);
  const server = http.createServer((req, res) => {
    if (serveFetchedFile(options.core, req, res)) return;
    serveStatic(root, req, res).catch((error) => {
      options.log.warn('preview: static file failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_PATH || !tokenMatches(url.searchParams.get('token'), token) || !sameOrigin(req)) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.core, options.log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function attachClient(ws: WebSocket, core: GlanceCore, log: Logger): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = PREVIEW_FORWARDED_EVENTS.map((name) => {
    const listener = (payload: Events[typeof name]) => send({ t: 'event', name, payload } as ServerFrame);
    core.on(name, listener);
    return () => core.off(name, listener);
  });
  ws.on('message', (data, isBinary) => {
    let frame: ClientFrame;
    try {
      frame = decodeClientFrame(isBinary ? new Uint8Array(data as Buffer) : String(data)) as ClientFrame;
      if (frame?.t !== 'call' || !Number.isInteger(frame.id)) throw new Error('not a call');
    } catch {
      log.warn('preview: dropped a malformed frame');
      return;
    }
    dispatchCommand(core, frame.name, frame.request).then(
      (value) => send({ t: 'reply', id: frame.id, ok: true, value: value ?? null }),
      (error: Error) => send({ t: 'reply', id: frame.id, ok: false, error: error.message }),
    );
  });
  ws.on('close', () => unsubscribe.forEach((off) => off()));
  ws.on('error', (error) => log.warn('preview: socket error', error));
}

async function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname));
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/** `/files/<key>`: a file the core fetched (the page's pictures and downloads), as the Electron shell serves it. */
function serveFetchedFile(core: GlanceCore, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const key = fileKeyOf(url.pathname);
  if (key === undefined || req.method !== 'GET') return false;
  const file = core.files.lookup(key);
  if (!file) {
    res.writeHead(404).end();
    return true;
  }
  res.writeHead(200, fileHeaders(file, url.searchParams.has('download')));
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Browsers send Origin on WebSocket upgrades: refuse pages from anywhere but the preview itself. */
function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}
