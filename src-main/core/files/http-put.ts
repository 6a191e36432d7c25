import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { isLoopbackAddress } from '../session/server-address';
import { transferUrlAllowed } from './transfer-url';

/** Bytes per write: small enough for progress to move smoothly, large enough to cost nothing. */
const CHUNK_BYTES = 64 * 1024;
/** A PUT that moves nothing for this long is given up (the slot's token lasts 300 s anyway). */
const IDLE_TIMEOUT_MS = 60_000;

export class PutError extends Error {
  constructor(
    readonly reason: 'refused-url' | 'aborted' | 'network' | 'status',
    readonly status?: number,
  ) {
    super(status ? `PUT answered ${status}` : `PUT ${reason}`);
    this.name = 'PutError';
  }
}

export interface PutOptions {
  url: string;
  bytes: Uint8Array;
  /** Content-Type as announced in the slot request, then exactly the slot's own headers. */
  contentType: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Bytes handed to the network so far (after each chunk). */
  onProgress?: (sent: number) => void;
}

/**
 * The XEP-0363 upload: a PUT of the bytes with their exact Content-Length, the announced
 * Content-Type and the slot's headers, nothing else. Resolves on 200/201 (XEP-0363 §5: 201 Created);
 * rejects with a PutError otherwise (aborted by `signal`, a network failure, another status).
 */
export function putFile({ url, bytes, contentType, headers, signal, onProgress }: PutOptions): Promise<void> {
  if (!transferUrlAllowed(url)) return Promise.reject(new PutError('refused-url'));
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: PutError) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      else resolve();
    };
    const request = transport.request(target, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': contentType, 'Content-Length': String(bytes.byteLength) },
      timeout: IDLE_TIMEOUT_MS,
    });
    const abort = () => {
      request.destroy();
      finish(new PutError('aborted'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    request.on('socket', (socket: Socket) => {
      socket.setNoDelay(true);
      if (target.protocol === 'http:') {
        const check = () => {
          if (!isLoopbackAddress(socket.remoteAddress)) {
            request.destroy();
            finish(new PutError('refused-url'));
          }
        };
        if (socket.connecting) socket.once('connect', check);
        else check();
      }
    });
    request.on('timeout', () => request.destroy(new Error('idle')));
    request.on('error', () => finish(new PutError(signal?.aborted ? 'aborted' : 'network')));
    request.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      finish(status === 200 || status === 201 ? undefined : new PutError('status', status));
    });
    void writeChunks(request, bytes, onProgress).catch(() => undefined);
  });
}

/** Writes in chunks, waiting for the socket to drain (no more than a chunk or two in memory twice). */
async function writeChunks(request: http.ClientRequest, bytes: Uint8Array, onProgress?: (sent: number) => void): Promise<void> {
  const closed = once(request, 'close').then(() => undefined);
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_BYTES) {
    if (request.destroyed) return;
    const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
    const end = offset + chunk.byteLength;
    const flushed = request.write(chunk, (error) => {
      if (!error) onProgress?.(end);
    });
    if (!flushed) await Promise.race([once(request, 'drain'), closed]);
  }
  if (!request.destroyed) request.end();
}
