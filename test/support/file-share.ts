import { deflateSync } from 'node:zlib';
import { xml } from '@xmpp/client';
import type { Peer } from './peer';

const UPLOAD = 'urn:xmpp:http:upload:0';

/** What another client does to share a file (XEP-0363, then body = OOB URL): slot, PUT, message. Resolves with the URL. */
export async function peerSharesFile(
  peer: Peer,
  to: string,
  file: { name: string; mediaType: string; bytes: Uint8Array },
  service = 'upload.localhost',
): Promise<string> {
  const result = await peer.iq(
    xml(
      'iq',
      { type: 'get', to: service },
      xml('request', { xmlns: UPLOAD, filename: file.name, size: String(file.bytes.byteLength), 'content-type': file.mediaType }),
    ),
  );
  const slot = result.getChild('slot', UPLOAD)!;
  const put = slot.getChild('put')!;
  const headers: Record<string, string> = { 'Content-Type': file.mediaType };
  for (const header of put.getChildren('header')) headers[header.attrs.name as string] = header.text();
  const response = await fetch(put.attrs.url as string, { method: 'PUT', body: Buffer.from(file.bytes), headers });
  if (response.status !== 201 && response.status !== 200) throw new Error(`PUT answered ${response.status}`);
  const url = slot.getChild('get')!.attrs.url as string;
  await peer.sendChat(to, url, { children: [xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, url))] });
  return url;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG of `width` × `height` pixels in one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [200, 40, 40]): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]));
}
