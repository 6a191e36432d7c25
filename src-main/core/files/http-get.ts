import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { isLoopbackAddress } from '../session/server-address';
import { transferUrlAllowed } from './transfer-url';

const IDLE_TIMEOUT_MS = 60_000;
/** Bytes kept for sniffing the type. */
const HEAD_BYTES = 16;

export class GetError extends Error {
  constructor(
    readonly reason: 'refused-url' | 'too-large' | 'network' | 'status',
    readonly status?: number,
  ) {
    super(status ? `GET answered ${status}` : `GET ${reason}`);
    this.name = 'GetError';
  }
}

/**
 * Downloads `url` into the file `target` (no redirects: a redirect could leave the allowed
 * origins), at most `maxBytes`. Resolves with the size and the first bytes; on failure nothing is
 * left at `target`.
 */
export function getFile(url: string, target: string, maxBytes: number): Promise<{ size: number; head: Uint8Array }> {
  if (!transferUrlAllowed(url)) return Promise.reject(new GetError('refused-url'));
  const parsed = new URL(url);
  const transport = parsed.protocol === 'https:' ? https : http;
  return new Promise<{ size: number; head: Uint8Array }>((resolve, reject) => {
    let settled = false;
    const fail = (error: GetError) => {
      if (settled) return;
      settled = true;
      request.destroy();
      void rm(target, { force: true }).finally(() => reject(error));
    };
    const request = transport.get(parsed, { timeout: IDLE_TIMEOUT_MS, headers: { Accept: '*/*' } });
    request.on('socket', (socket: Socket) => {
      if (parsed.protocol !== 'http:') return;
      const check = () => {
        if (!isLoopbackAddress(socket.remoteAddress)) fail(new GetError('refused-url'));
      };
      if (socket.connecting) socket.once('connect', check);
      else check();
    });
    request.on('timeout', () => fail(new GetError('network')));
    request.on('error', () => fail(new GetError('network')));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) return fail(new GetError('status', status));
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) return fail(new GetError('too-large'));
      const out = createWriteStream(target, { mode: 0o600 });
      const head = new Uint8Array(HEAD_BYTES);
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
        size += chunk.byteLength;
        if (size > maxBytes) fail(new GetError('too-large'));
      });
      response.on('error', () => fail(new GetError('network')));
      out.on('error', () => fail(new GetError('network')));
      out.on('finish', () => {
        if (settled) return;
        settled = true;
        resolve({ size, head: head.subarray(0, Math.min(size, HEAD_BYTES)) });
      });
      response.pipe(out);
    });
  });
}
