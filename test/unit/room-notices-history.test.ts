import { describe, expect } from 'vitest';
import { roomAt } from '../../src-shared/conversation';
import type { WireMessage } from '../../src-shared/contract';
import { historyTest as it, ME } from '../support/fixtures/history';

const ROOM = 'garden@rooms.example.org';

/** A room message from Olive, live, at `timestamp`. */
function said(body: string, timestamp: number, fields: Partial<WireMessage> = {}): WireMessage {
  return {
    conversation: roomAt(ROOM),
    direction: 'in',
    from: `${ROOM}/Olive`,
    sender: { nick: 'Olive' },
    body,
    timestamp,
    via: 'live',
    stanzaId: `s${timestamp}`,
    stanzaIdBy: ROOM,
    ...fields,
  };
}

const joined = (nick: string, timestamp: number): WireMessage => ({
  conversation: roomAt(ROOM),
  direction: 'in',
  from: `${ROOM}/${nick}`,
  sender: { nick },
  id: `notice-${nick}-${timestamp}`,
  body: '',
  timestamp,
  via: 'live',
  notice: { what: 'joined', nick },
});

describe('a room’s quiet lines and mentions in history', () => {
  it('keeps quiet lines as rows in the log, never unread, never the preview', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([said('hello', 100), joined('Bob', 200), joined('Bob', 300)]);
    const [row] = await h.conversations();
    expect(row).toMatchObject({ conversation: roomAt(ROOM), lastPreview: 'hello', lastTimestamp: 100, unread: 1, mentions: 0 });
    const log = await h.latest(roomAt(ROOM), 10);
    expect(log.map((m) => [m.body, m.notice?.what, m.read])).toEqual([
      ['hello', undefined, false],
      ['', 'joined', true],
      ['', 'joined', true],
    ]);
    expect(await h.firstUnread(roomAt(ROOM))).toMatchObject({ body: 'hello' });
  });

  it('counts unread mentions apart, and reading lowers both counters', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([said('plain', 100), said(`${ME.split('@')[0]}: look`, 200, { mentionsMe: true }), said('later', 300, { mentionsMe: true })]);
    expect((await h.conversations())[0]).toMatchObject({ unread: 3, mentions: 2 });
    const log = await h.latest(roomAt(ROOM), 10);
    await h.markReadUpTo(roomAt(ROOM), log[1]!);
    expect((await h.conversations())[0]).toMatchObject({ unread: 1, mentions: 1 });
    await h.markConversationRead(roomAt(ROOM));
    expect((await h.conversations())[0]).toMatchObject({ unread: 0, mentions: 0 });
  });

  it('a mention behind the read point (an archive backfill) is not counted', async ({ open }) => {
    const h = await open();
    await h.storeWireMessages([said('newest', 500)]);
    await h.markConversationRead(roomAt(ROOM));
    await h.storeWireMessages([said('old mention', 100, { mentionsMe: true, via: 'archive' })]);
    expect((await h.conversations())[0]).toMatchObject({ unread: 0, mentions: 0 });
  });

  it('keeps the mentions of our own message for the outbox', async ({ open }) => {
    const h = await open();
    const stored = await h.addOutgoing({ conversation: roomAt(ROOM), from: ME, id: 'o1', body: 'hi Olive', mentions: [{ begin: 3, end: 8, nick: 'Olive' }] });
    expect((await h.pendingOutgoing())[0]).toMatchObject({ key: stored.key, mentions: [{ begin: 3, end: 8, nick: 'Olive' }] });
  });
});
