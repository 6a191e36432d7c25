import { describe, expect, it } from 'vitest';
import type { ConnectionState, SendRequest } from '../../src-shared/contract';
import { sendRefusal } from '../../src-main/core/send-request';

const ok: SendRequest = { conversation: { kind: 'chat', jid: 'juliet@example.org' }, body: 'hi', id: 'a1b2c3d4e5' };
const online = (session: number): ConnectionState => ({ status: 'online', jid: 'romeo@example.org', session });

describe('sendRefusal', () => {
  it.each<[string, Record<string, unknown>, ConnectionState | undefined, string | undefined]>([
    ['a good request', {}, online(1), undefined],
    ['no session given (an older renderer, a test)', {}, online(3), undefined],
    ['the session the core is in', { session: 3 }, online(3), undefined],
    ['a session the core has left: older messages go first', { session: 2 }, online(3), 'offline'],
    ['offline: the core answers that itself', { session: 2 }, { status: 'connecting', attempt: 1 }, undefined],
    ['a full JID', { conversation: { kind: 'chat', jid: 'juliet@example.org/phone' } }, online(1), 'malformed-address'],
    ['no address', { conversation: { kind: 'chat', jid: '' } }, online(1), 'malformed-address'],
    ['an address that is no contact', { conversation: { kind: 'chat', jid: 'example.org' } }, online(1), 'malformed-address'],
    ['no conversation', { conversation: undefined }, online(1), 'malformed-address'],
    ['a bare address instead of a conversation', { conversation: 'juliet@example.org' }, online(1), 'malformed-address'],
    ['a kind that does not exist', { conversation: { kind: 'channel', jid: 'juliet@example.org' } }, online(1), 'malformed-address'],
    [
      'a room: the same checks as a chat (the rooms module says whether we are in it)',
      { conversation: { kind: 'room', jid: 'hall@rooms.example.org' } },
      online(1),
      undefined,
    ],
    ['only spaces', { body: '   ' }, online(1), 'empty'],
    ['too long', { body: 'x'.repeat(100_001) }, online(1), 'too-long'],
    ['an id that is no id', { id: 'short' }, online(1), 'bad-id'],
    ['an id with markup', { id: 'abc"><x/>def' }, online(1), 'bad-id'],
  ])('%s', (_, change, connection, expected) => {
    expect(sendRefusal({ ...ok, ...change } as SendRequest, connection)).toBe(expected);
  });
});
