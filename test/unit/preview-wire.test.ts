import { describe, expect, it } from 'vitest';
import { decodeClientFrame, encodeClientFrame, type ClientFrame } from '../../src-shared/preview-wire';

describe('the preview wire carries bytes', () => {
  it('a call without bytes is JSON text', () => {
    const frame: ClientFrame = { t: 'call', id: 1, name: 'ackHistory', request: { through: 3 } };
    expect(encodeClientFrame(frame)).toBe(JSON.stringify(frame));
    expect(decodeClientFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('a call with bytes goes as one binary frame and comes back with the same bytes', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const frame: ClientFrame = { t: 'call', id: 2, name: 'sendFile', request: { id: 'abcdefgh', bytes, name: 'a.bin' } };
    const encoded = encodeClientFrame(frame);
    expect(encoded).toBeInstanceOf(Uint8Array);
    const decoded = decodeClientFrame(encoded) as { request: { bytes: Uint8Array; name: string } };
    expect(decoded.request.name).toBe('a.bin');
    expect(decoded.request.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.request.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses a frame whose byte ranges point outside it', () => {
    const head = new TextEncoder().encode(JSON.stringify({ t: 'call', id: 3, name: 'sendFile', request: { bytes: { $bytes: [0, 99] } } }));
    const frame = new Uint8Array(4 + head.byteLength + 2);
    new DataView(frame.buffer).setUint32(0, head.byteLength);
    frame.set(head, 4);
    expect(() => decodeClientFrame(frame)).toThrow(/outside/);
  });
});
