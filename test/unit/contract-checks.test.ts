import { describe, expect, it, vi } from 'vitest';
import type { CommandName } from '../../src-shared/contract';
import { checkCommandRequest, COMMAND_NAMES } from '../../src-shared/contract-registry';
import { arrayOf, byConversation, count, nullable, object, oneOf, optional, string } from '../../src-shared/checks';
import { dispatchCommand } from '../../src-main/core/dispatch';
import type { CommandHandlers } from '../../src-main/core/glance-core';

const chat = { kind: 'chat', jid: 'juliet@example.org' };
const room = { kind: 'room', jid: 'hall@rooms.example.org' };

/** A JSON frame's own `__proto__` key, as JSON.parse makes it (an object literal would set the prototype instead). */
const withProtoKey = (value: object, polluted: unknown = { admin: true }) =>
  JSON.parse(JSON.stringify(value).replace(/^\{/u, `{"__proto__":${JSON.stringify(polluted)},`)) as unknown;

/** Per command: requests its check takes as they are, and requests it refuses with the field it names. */
const table: { [K in CommandName]: { good: unknown[]; bad: [request: unknown, path: string][] } } = {
  getSnapshot: {
    good: [undefined, null, {}],
    bad: [
      [{ full: true }, 'request.full'],
      ['snapshot', 'request'],
    ],
  },
  signIn: {
    good: [
      { jid: 'romeo@example.org', password: 'pw', remember: false },
      { jid: 'romeo@example.org', password: 'pw', server: 'xmpp.example.org:5222', remember: true },
      // Empty and malformed strings are the handler's business: it answers them with a Result code.
      { jid: '', password: '', remember: false },
    ],
    bad: [
      [{ jid: 'romeo@example.org', password: 'pw' }, 'request.remember'],
      [{ jid: 'romeo@example.org', password: 42, remember: false }, 'request.password'],
      [{ jid: ['romeo@example.org'], password: 'pw', remember: false }, 'request.jid'],
      [{ jid: 'romeo@example.org', password: 'pw', remember: 'yes' }, 'request.remember'],
      [{ jid: 'romeo@example.org', password: 'pw', server: null, remember: false }, 'request.server'],
      [{ jid: 'romeo@example.org', password: 'pw', remember: false, admin: true }, 'request.admin'],
      [null, 'request'],
      [undefined, 'request'],
    ],
  },
  signOut: {
    good: [{ forget: true }, { forget: false }],
    bad: [
      [{}, 'request.forget'],
      [{ forget: 1 }, 'request.forget'],
      [[true], 'request'],
    ],
  },
  setPresence: {
    good: [{ show: 'away' }, { show: 'dnd', status: 'In a meeting' }],
    bad: [
      [{ show: 'offline' }, 'request.show'],
      [{ show: 'available', status: 5 }, 'request.status'],
      [{ show: 'available', priority: 5 }, 'request.priority'],
    ],
  },
  addContact: {
    good: [{ jid: 'juliet@example.org' }, { jid: 'juliet@example.org', name: 'Juliet' }],
    bad: [
      [{ jid: 'juliet@example.org', name: null }, 'request.name'],
      [{ jid: { toString: 'juliet@example.org' } }, 'request.jid'],
      [withProtoKey({ jid: 'juliet@example.org' }), 'request.__proto__'],
    ],
  },
  removeContact: {
    good: [{ jid: 'juliet@example.org' }],
    bad: [
      [{}, 'request.jid'],
      [{ jid: 'juliet@example.org', constructor: { prototype: { admin: true } } }, 'request.constructor'],
    ],
  },
  answerSubscription: {
    good: [
      { jid: 'juliet@example.org', accept: true },
      { jid: 'juliet@example.org', accept: false },
    ],
    bad: [
      [{ jid: 'juliet@example.org' }, 'request.accept'],
      [{ jid: 'juliet@example.org', accept: 'false' }, 'request.accept'],
    ],
  },
  sendFile: {
    good: [
      { conversation: chat, id: 'a1b2c3d4e5', name: 'a.png', mediaType: 'image/png', bytes: new Uint8Array([1, 2]) },
      { conversation: chat, id: 'a1b2c3d4e5', name: '', mediaType: '', bytes: new Uint8Array(), session: 2 },
    ],
    bad: [
      [{ conversation: chat, id: 'a1b2c3d4e5', name: 'a.png', mediaType: 'image/png', bytes: [1, 2] }, 'request.bytes'],
      [{ conversation: chat, id: 'a1b2c3d4e5', name: 'a.png', mediaType: 'image/png', bytes: 'AQI=' }, 'request.bytes'],
      [{ conversation: chat, id: 'a1b2c3d4e5', name: 'a.png', bytes: new Uint8Array([1]) }, 'request.mediaType'],
      [{ conversation: chat, id: 'a1b2c3d4e5', name: 'a.png', mediaType: 'image/png', bytes: new Uint8Array([1]), path: '/etc' }, 'request.path'],
    ],
  },
  fetchFile: {
    good: [{ url: 'https://upload.example.org/a.png' }, { url: 'javascript:alert(1)' }],
    bad: [
      [{}, 'request.url'],
      [{ url: 'https://a/b', key: 'x' }, 'request.key'],
    ],
  },
  cancelUpload: {
    good: [{ id: 'a1b2c3d4e5' }],
    bad: [
      [{}, 'request.id'],
      [{ id: 3 }, 'request.id'],
    ],
  },
  sendMessage: {
    good: [
      { conversation: chat, body: 'hi', id: 'a1b2c3d4e5' },
      { conversation: chat, body: 'hi', id: 'a1b2c3d4e5', session: 0 },
      // A room and an empty body pass the shape: the handler answers `unsupported` and `empty`.
      { conversation: room, body: '', id: 'a1b2c3d4e5', session: 3 },
      { conversation: chat, body: 'yes', id: 'a1b2c3d4e5', reply: { target: 'm1', to: 'juliet@example.org', quoted: 'lunch?' } },
      { conversation: room, body: 'hi Olive', id: 'a1b2c3d4e5', mentions: [{ begin: 3, end: 8, nick: 'Olive' }] },
    ],
    bad: [
      [{ conversation: 'juliet@example.org', body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation'],
      [{ conversation: { kind: 'channel', jid: 'juliet@example.org' }, body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation'],
      [{ conversation: { kind: 'chat', jid: 'juliet@example.org/phone' }, body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation'],
      [{ conversation: { kind: 'chat', jid: 'Juliet@Example.org' }, body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation'],
      [{ conversation: { ...chat, nick: 'x' }, body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation.nick'],
      [{ conversation: withProtoKey(chat), body: 'hi', id: 'a1b2c3d4e5' }, 'request.conversation.__proto__'],
      [{ conversation: chat, body: 7, id: 'a1b2c3d4e5' }, 'request.body'],
      [{ conversation: chat, body: 'hi' }, 'request.id'],
      [{ conversation: chat, body: 'hi', id: 'a1b2c3d4e5', session: -1 }, 'request.session'],
      [{ conversation: chat, body: 'hi', id: 'a1b2c3d4e5', session: 1.5 }, 'request.session'],
      [{ conversation: chat, body: 'hi', id: 'a1b2c3d4e5', session: '1' }, 'request.session'],
      [{ conversation: chat, body: 'hi', id: 'a1b2c3d4e5', to: 'mallory@example.org' }, 'request.to'],
      [{ conversation: chat, body: 'hi', id: 'a1b2c3d4e5', reply: { target: 'm1', to: 'juliet@example.org' } }, 'request.reply.quoted'],
      [{ conversation: room, body: 'hi Olive', id: 'a1b2c3d4e5', mentions: [{ begin: -1, end: 8, nick: 'Olive' }] }, 'request.mentions[0].begin'],
      [{ conversation: room, body: 'hi Olive', id: 'a1b2c3d4e5', mentions: [{ begin: 3, end: 8 }] }, 'request.mentions[0].nick'],
    ],
  },
  correctMessage: {
    good: [{ conversation: chat, id: 'c1c1c1c1', target: 'm1', body: 'fixed' }],
    bad: [
      [{ conversation: chat, id: 'c1c1c1c1', body: 'fixed' }, 'request.target'],
      [{ conversation: chat, id: 'c1c1c1c1', target: 'm1', body: 'fixed', from: 'mallory@example.org' }, 'request.from'],
    ],
  },
  retractMessage: {
    good: [{ conversation: chat, id: 'x1x1x1x1', target: 'm1', fallback: 'deleted' }],
    bad: [[{ conversation: chat, id: 'x1x1x1x1', target: 7, fallback: 'deleted' }, 'request.target']],
  },
  react: {
    good: [
      { conversation: chat, id: 'r1r1r1r1', target: 'm1', emojis: ['👍', '❤️'] },
      { conversation: chat, id: 'r1r1r1r1', target: 'm1', emojis: [] },
    ],
    bad: [
      [{ conversation: chat, id: 'r1r1r1r1', target: 'm1', emojis: '👍' }, 'request.emojis'],
      [{ conversation: chat, id: 'r1r1r1r1', target: 'm1', emojis: [1] }, 'request.emojis[0]'],
    ],
  },
  sendChatState: {
    good: [
      { conversation: chat, state: 'composing' },
      { conversation: chat, state: 'inactive' },
    ],
    bad: [
      [{ conversation: chat, state: 'gone' }, 'request.state'],
      [{ conversation: chat }, 'request.state'],
    ],
  },
  ackHistory: {
    good: [{ through: 0 }, { through: 42 }],
    bad: [
      [{ through: -1 }, 'request.through'],
      [{ through: 1.5 }, 'request.through'],
      [{ through: '2' }, 'request.through'],
      [{ seqs: [1] }, 'request.seqs'],
    ],
  },
  openExternal: {
    good: [{ url: 'https://example.org/' }, { url: 'javascript:alert(1)' }],
    bad: [
      [{ url: new URL('https://example.org/') }, 'request.url'],
      [{}, 'request.url'],
    ],
  },
  markDisplayed: {
    good: [{ conversation: chat }, { conversation: chat, markerFor: 'm1', stanzaId: 's1' }],
    bad: [
      [{ conversation: chat, markerFor: 1 }, 'request.markerFor'],
      [{ markerFor: 'm1' }, 'request.conversation'],
      [{ conversation: chat, upTo: 5 }, 'request.upTo'],
    ],
  },
  setPreferences: {
    good: [
      {},
      { sendReadMarkers: false },
      { notificationPrivacy: 'sender' },
      { closeToTray: true },
      { locale: 'zh-CN' },
      { locale: 'system' },
      { mutes: { 'chat:juliet@example.org': 'all', 'room:hall@rooms.example.org': 'none' } },
    ],
    bad: [
      [{ sendReadMarkers: 'no' }, 'request.sendReadMarkers'],
      [{ notificationPrivacy: 'everything' }, 'request.notificationPrivacy'],
      [{ locale: 'fr' }, 'request.locale'],
      [{ mutes: { 'chat:juliet@example.org': 'loud' } }, 'request.mutes["chat:juliet@example.org"]'],
      [{ mutes: { 'juliet@example.org': 'all' } }, 'request.mutes["juliet@example.org"]'],
      [{ mutes: { 'chat:Juliet@example.org': 'all' } }, 'request.mutes["chat:Juliet@example.org"]'],
      [{ mutes: withProtoKey({ 'chat:juliet@example.org': 'all' }, 'all') }, 'request.mutes["__proto__"]'],
      [{ mutes: ['chat:juliet@example.org'] }, 'request.mutes'],
      [{ theme: 'dark' }, 'request.theme'],
      [withProtoKey({ sendReadMarkers: true }), 'request.__proto__'],
    ],
  },
  reportReading: {
    good: [{ conversation: chat }, { conversation: room }, { conversation: null }],
    bad: [
      [{}, 'request.conversation'],
      [{ conversation: 'chat:juliet@example.org' }, 'request.conversation'],
    ],
  },
  syncArchive: {
    good: [
      {},
      { after: 'abc' },
      { archive: 'romeo@example.org', after: 'abc' },
      { after: 'abc', slices: [{ after: 'S60', before: 'S70', done: true }, { start: 1_700_000_000_000, end: 1_700_000_005_000 }, {}] },
    ],
    bad: [
      [{ after: 5 }, 'request.after'],
      [{ before: 'abc' }, 'request.before'],
      [{ after: 'abc', slices: {} }, 'request.slices'],
      [{ after: 'abc', slices: [{ start: -1 }] }, 'request.slices[0].start'],
      [{ after: 'abc', slices: [{ after: 'S1', limit: 5 }] }, 'request.slices[0].limit'],
    ],
  },
  reportUnread: {
    good: [{ total: 0 }, { total: 12 }],
    bad: [
      [{ total: -1 }, 'request.total'],
      [{ total: Number.NaN }, 'request.total'],
      [{ total: Infinity }, 'request.total'],
      [{}, 'request.total'],
    ],
  },
  checkConnection: {
    good: [{}],
    bad: [
      [undefined, 'request'],
      [{ now: true }, 'request.now'],
    ],
  },
  registrationForm: {
    good: [{ jid: 'new@example.org' }, { jid: 'new@example.org', server: '127.0.0.1:5222' }],
    bad: [
      [{}, 'request.jid'],
      [{ jid: 'new@example.org', server: 5222 }, 'request.server'],
    ],
  },
  register: {
    good: [
      { jid: 'new@example.org', password: 'pw', answers: {} },
      { jid: 'new@example.org', server: 'xmpp.example.org', password: 'pw', answers: { ocr: 'x7k2', email: 'a@b.c' } },
    ],
    bad: [
      [{ jid: 'new@example.org', password: 'pw' }, 'request.answers'],
      [{ jid: 'new@example.org', password: 'pw', answers: { ocr: 7 } }, 'request.answers["ocr"]'],
      [{ jid: 'new@example.org', password: 'pw', answers: ['x'] }, 'request.answers'],
      [withProtoKey({ jid: 'new@example.org', password: 'pw', answers: {} }), 'request.__proto__'],
      [{ jid: 'new@example.org', password: 'pw', answers: JSON.parse('{"__proto__":"x"}') as unknown }, 'request.answers["__proto__"]'],
      [{ jid: 'new@example.org', password: 'pw', answers: { constructor: 'x' } }, 'request.answers["constructor"]'],
    ],
  },
  changePassword: {
    good: [{ current: 'old', password: 'new' }],
    bad: [
      [{ password: 'new' }, 'request.current'],
      [{ current: 'old', password: 'new', username: 'x' }, 'request.username'],
    ],
  },
  deleteAccount: {
    good: [{ confirm: 'me@example.org' }],
    bad: [
      [{}, 'request.confirm'],
      [{ confirm: true }, 'request.confirm'],
    ],
  },
  block: {
    good: [{ jid: 'spam@example.org' }],
    bad: [
      [{ jid: ['spam@example.org'] }, 'request.jid'],
      [{ jid: 'spam@example.org', report: true }, 'request.report'],
    ],
  },
  unblock: {
    good: [{ jid: 'spam@example.org' }],
    bad: [[{}, 'request.jid']],
  },
  joinRoom: {
    good: [
      { room: 'hall@rooms.example.org', nick: 'juliet' },
      { room: 'hall@rooms.example.org', nick: 'juliet', password: 'sesame' },
    ],
    bad: [
      [{ room: 'hall@rooms.example.org' }, 'request.nick'],
      [{ room: 7, nick: 'juliet' }, 'request.room'],
      [{ room: 'hall@rooms.example.org', nick: 'juliet', history: 20 }, 'request.history'],
    ],
  },
  leaveRoom: {
    good: [{ room: 'hall@rooms.example.org' }],
    bad: [[{}, 'request.room']],
  },
  createRoom: {
    good: [{ name: 'Book club', nick: 'juliet' }],
    bad: [
      [{ name: 'Book club' }, 'request.nick'],
      [{ name: 'Book club', nick: 'juliet', public: true }, 'request.public'],
    ],
  },
  getOccupants: {
    good: [{ room: 'hall@rooms.example.org' }],
    bad: [[{ room: null }, 'request.room']],
  },
  inviteToRoom: {
    good: [
      { room: 'hall@rooms.example.org', jids: ['juliet@capulet.lit'] },
      { room: 'hall@rooms.example.org', jids: [], reason: 'Come in' },
    ],
    bad: [
      [{ room: 'hall@rooms.example.org', jids: 'juliet@capulet.lit' }, 'request.jids'],
      [{ room: 'hall@rooms.example.org', jids: [7] }, 'request.jids[0]'],
    ],
  },
  declineInvitation: {
    good: [{ room: 'hall@rooms.example.org' }],
    bad: [[{ room: 'hall@rooms.example.org', block: true }, 'request.block']],
  },
  moderateOccupant: {
    good: [
      { room: 'hall@rooms.example.org', nick: 'tybalt', action: 'kick' },
      { room: 'hall@rooms.example.org', nick: 'tybalt', action: 'ban', reason: 'Brawling' },
    ],
    bad: [
      [{ room: 'hall@rooms.example.org', nick: 'tybalt', action: 'exile' }, 'request.action'],
      [{ room: 'hall@rooms.example.org', action: 'kick' }, 'request.nick'],
    ],
  },
  setRoomSubject: {
    good: [{ room: 'hall@rooms.example.org', subject: '' }],
    bad: [[{ room: 'hall@rooms.example.org' }, 'request.subject']],
  },
  renameRoom: {
    good: [{ room: 'hall@rooms.example.org', name: 'The Hall' }],
    bad: [[{ room: 'hall@rooms.example.org', name: 3 }, 'request.name']],
  },
  destroyRoom: {
    good: [{ room: 'hall@rooms.example.org' }, { room: 'hall@rooms.example.org', reason: 'Done' }],
    bad: [[{ reason: 'Done' }, 'request.room']],
  },
  fetchAvatar: {
    good: [{ jid: 'alice@example.org', hash: 'a'.repeat(40) }],
    bad: [
      [{ jid: 'alice@example.org' }, 'request.hash'],
      [{ jid: 'alice@example.org', hash: 'x', size: 1 }, 'request.size'],
    ],
  },
  setAvatar: {
    good: [{ bytes: new Uint8Array([1, 2]), width: 192, height: 100 }],
    bad: [
      [{ bytes: 'iVBOR', width: 1, height: 1 }, 'request.bytes'],
      [{ bytes: new Uint8Array([1]), width: -1, height: 1 }, 'request.width'],
    ],
  },
  removeAvatar: {
    good: [{}],
    bad: [[{ hash: 'x' }, 'request.hash']],
  },
  setNickname: {
    good: [{ nickname: 'Ada' }],
    bad: [[{ nickname: 3 }, 'request.nickname']],
  },
};

describe('every command request is checked against the registry', () => {
  it('has cases for every command', () => {
    expect(Object.keys(table).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  for (const name of COMMAND_NAMES) {
    describe(name, () => {
      it.each(table[name].good.map((request) => [JSON.stringify(request) ?? 'undefined', request]))('takes %s', (_, request) => {
        expect(checkCommandRequest(name, request)).toMatchObject({ ok: true });
      });
      it.each(table[name].bad.map(([request, path]) => [String(JSON.stringify(request)), request, path]))('refuses %s', (_, request, path) => {
        expect(checkCommandRequest(name, request)).toMatchObject({ ok: false, path });
      });
    });
  }

  it('hands on a fresh value holding only the checked fields, with absent optional ones left out', () => {
    const request = { conversation: chat, body: 'hi', id: 'a1b2c3d4e5' };
    const result = checkCommandRequest('sendMessage', request);
    expect(result).toEqual({ ok: true, value: { conversation: chat, body: 'hi', id: 'a1b2c3d4e5' } });
    if (!result.ok) return;
    expect(result.value).not.toBe(request);
    expect(result.value.conversation).not.toBe(request.conversation);
    expect(Object.keys(result.value)).toEqual(['conversation', 'body', 'id']);
  });

  it('refuses a `__proto__` key before anything reads it, and pollutes nothing', () => {
    const request = withProtoKey({ jid: 'juliet@example.org' }, { polluted: true });
    expect(Object.keys(request as object)).toContain('__proto__');
    expect(checkCommandRequest('addContact', request)).toMatchObject({ ok: false, path: 'request.__proto__', problem: 'is not a field of this request' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads only own fields: an inherited one counts as absent', () => {
    const inherited = Object.create({ forget: true }) as object;
    expect(checkCommandRequest('signOut', inherited)).toMatchObject({ ok: false, path: 'request' });
    expect(checkCommandRequest('checkConnection', Object.create(null))).toMatchObject({ ok: true });
  });

  it('refuses objects that are not plain (a Date, a Map, a class instance)', () => {
    expect(checkCommandRequest('checkConnection', new Date())).toMatchObject({ ok: false, path: 'request', problem: 'is not an object' });
    expect(checkCommandRequest('checkConnection', new Map())).toMatchObject({ ok: false, path: 'request' });
  });
});

describe('the combinators', () => {
  it('names the failing path inside nested objects and lists', () => {
    const check = object({ items: arrayOf(object({ n: count(), tag: optional(oneOf('a', 'b')) })) });
    expect(check({ items: [{ n: 1 }, { n: 2, tag: 'c' }] }, 'x')).toEqual({ ok: false, path: 'x.items[1].tag', problem: 'is not one of a, b' });
    expect(check({ items: [{ n: 1 }, { n: 2, tag: 'b' }] }, 'x')).toEqual({ ok: true, value: { items: [{ n: 1 }, { n: 2, tag: 'b' }] } });
  });

  it('lets an optional field be absent or undefined, and a nullable one null', () => {
    const check = object({ a: optional(string()), b: nullable(string()) });
    expect(check({ b: null }, 'x')).toEqual({ ok: true, value: { b: null } });
    expect(check({ a: undefined, b: 'y' }, 'x')).toEqual({ ok: true, value: { b: 'y' } });
    expect(check({ a: 'z' }, 'x')).toMatchObject({ ok: false, path: 'x.b' });
  });

  it('keeps conversation keys in their parsed form only', () => {
    expect(byConversation(string())({ 'room:hall@rooms.example.org': 'v' }, 'm')).toEqual({ ok: true, value: { 'room:hall@rooms.example.org': 'v' } });
    expect(byConversation(string())({ 'chat:': 'v' }, 'm')).toMatchObject({ ok: false, path: 'm["chat:"]' });
  });
});

describe('dispatchCommand', () => {
  function handlers() {
    const calls: [string, unknown][] = [];
    const record = (name: string) =>
      vi.fn(async (request: unknown) => {
        calls.push([name, request]);
        return { ok: true, value: undefined };
      });
    const all = Object.fromEntries(COMMAND_NAMES.map((name) => [name, record(name)])) as unknown as CommandHandlers;
    return { all, calls };
  }

  it('refuses a request that fails its check before any handler runs, naming the command and the field', async () => {
    const { all, calls } = handlers();
    await expect(
      dispatchCommand(all, 'sendMessage', { conversation: { kind: 'chat', jid: 'juliet@example.org/phone' }, body: 'hi', id: 'a1b2c3d4e5' }),
    ).rejects.toThrow('Refused sendMessage: request.conversation is not a conversation (chat or room, and a bare address)');
    await expect(dispatchCommand(all, 'reportUnread', { total: '3' })).rejects.toThrow('Refused reportUnread: request.total is not a whole number ≥ 0');
    await expect(dispatchCommand(all, 'addContact', withProtoKey({ jid: 'juliet@example.org' }))).rejects.toThrow(
      'Refused addContact: request.__proto__ is not a field of this request',
    );
    expect(calls).toEqual([]);
  });

  it('names the field, never its value (it may be a password)', async () => {
    const { all } = handlers();
    const refusal = dispatchCommand(all, 'signIn', { jid: 'romeo@example.org', password: ['hunter2'], remember: false });
    await expect(refusal).rejects.toThrow('Refused signIn: request.password is not a string');
    await expect(refusal).rejects.not.toThrow(/hunter2/u);
  });

  it('runs a registered command with the checked request', async () => {
    const { all, calls } = handlers();
    await expect(dispatchCommand(all, 'ackHistory', { through: 2 })).resolves.toEqual({ ok: true, value: undefined });
    await dispatchCommand(all, 'getSnapshot', undefined);
    expect(calls).toEqual([
      ['ackHistory', { through: 2 }],
      ['getSnapshot', undefined],
    ]);
  });

  it('refuses a name that is not a command, even one the handlers object has', async () => {
    const { all, calls } = handlers();
    Object.assign(all, { emit: vi.fn() });
    await expect(dispatchCommand(all, 'emit', {})).rejects.toThrow('Unknown command: emit');
    await expect(dispatchCommand(all, 'toString', {})).rejects.toThrow('Unknown command: toString');
    await expect(dispatchCommand(all, '__proto__', {})).rejects.toThrow('Unknown command: __proto__');
    expect(calls).toEqual([]);
  });
});
