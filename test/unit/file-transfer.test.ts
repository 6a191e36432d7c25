import { describe, expect, it } from 'vitest';
import { fileSendRefusal, uploadMediaType, uploadName } from '../../src-main/core/files/file-request';
import { transferUrlAllowed } from '../../src-main/core/files/transfer-url';
import type { ConnectionState, FileSendRequest } from '../../src-shared/contract';

describe('which URLs files travel over', () => {
  it.each<[string, boolean]>([
    ['https://upload.example.org/a/b.png', true],
    ['http://127.0.0.1:5280/file_share/a/b.png', true],
    ['http://localhost:5280/a', true],
    ['http://[::1]:5280/a', true],
    ['http://upload.example.org/a/b.png', false],
    ['http://10.0.0.1/a', false],
    ['http://127.0.0.1.example.org/a', false],
    ['https://user:pw@upload.example.org/a', false],
    ['ftp://upload.example.org/a', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(transferUrlAllowed(url)).toBe(allowed);
  });
});

describe('what a sendFile request must be', () => {
  const ok: FileSendRequest = {
    conversation: { kind: 'chat', jid: 'juliet@example.org' },
    id: 'a1b2c3d4e5',
    name: 'a.png',
    mediaType: 'image/png',
    bytes: new Uint8Array([1]),
  };
  const online: ConnectionState = { status: 'online', jid: 'romeo@example.org', session: 2 };
  it.each<[string, Partial<FileSendRequest>, string | undefined]>([
    ['a good request', {}, undefined],
    ['no bytes', { bytes: new Uint8Array() }, 'empty'],
    ['an id that is no id', { id: 'x' }, 'bad-id'],
    ['a room', { conversation: { kind: 'room', jid: 'hall@rooms.example.org' } }, 'unsupported'],
    ['a session the core has left', { session: 1 }, 'offline'],
  ])('%s', (_, change, expected) => {
    expect(fileSendRefusal({ ...ok, ...change }, online)).toBe(expected);
  });

  it('announces a cleaned name and a plain type', () => {
    expect(uploadName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(uploadName('.hidden')).toBe('hidden');
    expect(uploadName('a\u0000b\nc.txt')).toBe('a_b_c.txt');
    expect(uploadName('')).toBe('file');
    expect(uploadName(`${'x'.repeat(300)}.jpeg`)).toBe(`${'x'.repeat(115)}.jpeg`);
    expect(uploadMediaType('Image/PNG')).toBe('image/png');
    expect(uploadMediaType('text/html; charset=utf-8\r\nX: y')).toBe('application/octet-stream');
    expect(uploadMediaType('')).toBe('application/octet-stream');
  });
});
