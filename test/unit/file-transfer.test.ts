import { describe, expect, it } from 'vitest';
import { fileSendRefusal, uploadMediaType, uploadName } from '../../src-main/core/files/file-request';
import { transferUrlAllowed } from '../../src-main/core/files/transfer-url';
import { sniffPicture } from '../../src-main/core/files/picture-type';
import { fileHeaders, fileKeyOf } from '../../src-main/core/files/file-route';
import { fetchesOnItsOwn } from '../../src-renderer/app/remote-files';
import { cleanFileName, looksLikePicture } from '../../src-shared/file-name';
import { chatWith, roomAt } from '../../src-shared/conversation';
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
    [
      'a room: the same checks as a chat (the rooms module says whether we are in it)',
      { conversation: { kind: 'room', jid: 'hall@rooms.example.org' } },
      undefined,
    ],
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

describe('the picture type is decided from the bytes', () => {
  const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));
  it.each<[string, Uint8Array, string | null]>([
    ['PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['GIF', bytes('GIF89a'), 'image/gif'],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), 'image/webp'],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null],
    ['HTML', bytes('<!doctype html><script>'), null],
    ['a RIFF that is not WebP (a WAV)', bytes('RIFF', 0, 0, 0, 0, 'WAVE'), null],
    ['nothing', bytes(), null],
  ])('%s', (_, head, type) => {
    expect(sniffPicture(head)).toBe(type);
  });
});

describe('how a fetched file reaches the page', () => {
  const file = (picture: 'image/png' | null) => ({ key: 'a'.repeat(32), path: '/x', size: 3, picture });
  it('only a proven picture is served as itself; anything else, or a download, is an attachment of no renderable type', () => {
    expect(fileHeaders(file('image/png'), false)).toMatchObject({ 'Content-Type': 'image/png', 'X-Content-Type-Options': 'nosniff' });
    expect(fileHeaders(file('image/png'), false)['Content-Disposition']).toBeUndefined();
    expect(fileHeaders(file(null), false)).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment' });
    expect(fileHeaders(file('image/png'), true)).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment' });
    expect(fileHeaders(file(null), false)['Content-Security-Policy']).toBe("default-src 'none'; sandbox");
  });

  it('names a file only by a well-formed key', () => {
    expect(fileKeyOf(`/files/${'0f'.repeat(16)}`)).toBe('0f'.repeat(16));
    expect(fileKeyOf('/files/../index.html')).toBeUndefined();
    expect(fileKeyOf('/files/ABC')).toBeUndefined();
    expect(fileKeyOf('/index.html')).toBeUndefined();
  });

  it('pictures are fetched on their own only from contacts and ourselves; the name on download is cleaned', () => {
    const contacts = [{ jid: 'friend@example.org', name: 'friend', subscription: 'both' as const, pending: false, groups: [], presence: 'available' as const }];
    const chat = chatWith('friend@example.org');
    expect(fetchesOnItsOwn({ conversation: chat, direction: 'in', sender: { jid: 'friend@example.org' } }, contacts)).toBe(true);
    expect(fetchesOnItsOwn({ conversation: chatWith('stranger@example.org'), direction: 'in', sender: { jid: 'stranger@example.org' } }, contacts)).toBe(false);
    expect(fetchesOnItsOwn({ conversation: chat, direction: 'out', sender: { jid: 'me@example.org' } }, contacts)).toBe(true);
    // In a group chat the setting decides, even for a contact; ours are always shown.
    const room = roomAt('hall@rooms.example.org');
    const fromFriend = { conversation: room, direction: 'in' as const, sender: { nick: 'friend', jid: 'friend@example.org' } };
    expect(fetchesOnItsOwn(fromFriend, contacts)).toBe(false);
    expect(fetchesOnItsOwn(fromFriend, contacts, true)).toBe(true);
    expect(fetchesOnItsOwn({ conversation: room, direction: 'out', sender: { jid: 'me@example.org' } }, contacts)).toBe(true);
    expect(cleanFileName('..\\..\\run me.exe')).toBe('_.._run me.exe');
    expect(looksLikePicture({ name: 'a.PNG' })).toBe(true);
    expect(looksLikePicture({ name: 'a.svg', mediaType: 'image/svg+xml' })).toBe(false);
  });
});
