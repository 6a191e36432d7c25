import type { CommandName, EventName, Events } from './contract';

/** Frames of the preview's WebSocket transport. Imported by both ends, like the contract. */
export type ClientFrame = { t: 'call'; id: number; name: CommandName; request: unknown };
export type ServerFrame =
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { [K in EventName]: { t: 'event'; name: K; payload: Events[K] } }[EventName];

export const BRIDGE_PATH = '/bridge';

/** Largest frame the preview accepts: the largest file it carries, with room for the call around it. */
export const MAX_FRAME_BYTES = 101 * 1024 * 1024;

const BYTES_MARK = '$bytes';

/**
 * A call as it goes over the socket: JSON text, or, when its request holds bytes (a file), one
 * binary frame: a 4-byte big-endian length, the call as JSON with each Uint8Array replaced by
 * `{ "$bytes": [start, end] }`, then the bytes themselves. Guarded by test/unit/preview-wire.test.ts.
 */
export function encodeClientFrame(frame: ClientFrame): string | Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const json = JSON.stringify(frame, (_key, value: unknown) => {
    if (!(value instanceof Uint8Array)) return value;
    parts.push(value);
    const range = [offset, offset + value.byteLength];
    offset += value.byteLength;
    return { [BYTES_MARK]: range };
  });
  if (parts.length === 0) return json;
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(4 + head.byteLength + offset);
  new DataView(out.buffer).setUint32(0, head.byteLength);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The call in a text or binary frame (encodeClientFrame); throws when it is neither. */
export function decodeClientFrame(data: string | Uint8Array): unknown {
  if (typeof data === 'string') return JSON.parse(data);
  const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  if (4 + length > data.byteLength) throw new Error('frame shorter than its header says');
  const body = data.subarray(4 + length);
  return JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + length)), (_key, value: unknown) => {
    const range = (value as Record<string, unknown> | null)?.[BYTES_MARK];
    if (!Array.isArray(range) || Object.keys(value as object).length !== 1) return value;
    const [start, end] = range as unknown[];
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      (start as number) < 0 ||
      (end as number) < (start as number) ||
      (end as number) > body.byteLength
    ) {
      throw new Error('bytes outside the frame');
    }
    return body.slice(start as number, end as number);
  });
}
