import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import type { RoomInfo } from '../../src-main/core/protocol/muc-codec';
import { RoomRecord, RoomRegistry } from '../../src-main/core/rooms/room-registry';
import { RoomUpkeep, SILENCE_MS } from '../../src-main/core/rooms/room-upkeep';
import { IqError } from '../../src-main/core/session/iq-requests';
import type { Connection } from '../../src-main/core/session/connection';

const INFO: RoomInfo = {
  membersOnly: true,
  nonAnonymous: true,
  passwordProtected: false,
  persistent: true,
  archived: true,
  stanzaIds: true,
  occupantIds: true,
  selfPingOptimized: true,
};

function setUp(answer: () => Promise<unknown>) {
  const rooms = new RoomRegistry();
  const record = new RoomRecord('hall@rooms.example.org', 'juliet', INFO);
  record.state = 'joined';
  rooms.set(record);
  const rejoined: string[] = [];
  const pings: string[] = [];
  const connection = {
    connectionState: { status: 'online', jid: 'juliet@example.org', session: 1 },
    request: vi.fn(async (iq: { attrs: { to: string } }) => {
      pings.push(iq.attrs.to);
      return answer();
    }),
  } as unknown as Connection;
  const upkeep = new RoomUpkeep(rooms, silentLogger, (room) => rejoined.push(room.jid));
  upkeep.start(connection);
  return { record, upkeep, connection, rejoined, pings };
}

describe('staying in rooms (XEP-0045 §9.2 status codes, XEP-0410 self-ping)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('rejoins with growing delays after a shutdown (332/333), never after a kick or a ban', async () => {
    const { record, upkeep, rejoined } = setUp(async () => ({}));
    record.state = 'out';
    record.exit = 'shutdown';
    upkeep.exited(record, 'shutdown');
    await vi.advanceTimersByTimeAsync(1_400);
    expect(rejoined).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_700);
    expect(rejoined).toEqual([record.jid]);
    // Failing again waits longer (2 s doubled, with jitter of ±25%).
    upkeep.exited(record, 'shutdown');
    await vi.advanceTimersByTimeAsync(2_900);
    expect(rejoined).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_200);
    expect(rejoined).toHaveLength(2);

    for (const exit of ['kicked', 'banned', 'removed', 'destroyed', 'left'] as const) {
      record.exit = exit;
      upkeep.exited(record, exit);
      expect(upkeep.wanted(record)).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(120_000);
    expect(rejoined).toHaveLength(2);
    upkeep.stop();
  });

  it('pings each room after a resumption; "not-acceptable" rejoins, a result or a timeout does not', async () => {
    let answer: () => Promise<unknown> = async () => ({});
    const { record, upkeep, connection, rejoined, pings } = setUp(() => answer());
    upkeep.selfPingAll(connection);
    await vi.advanceTimersByTimeAsync(0);
    expect(pings).toEqual(['hall@rooms.example.org/juliet']);
    expect(rejoined).toEqual([]);
    answer = async () => Promise.reject(Object.assign(new Error('no reply'), { condition: 'timeout' }));
    upkeep.selfPingAll(connection);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejoined).toEqual([]);
    answer = async () => Promise.reject(new IqError('not-acceptable', 'cancel', undefined));
    upkeep.selfPingAll(connection);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejoined).toEqual([record.jid]);
    expect(record.summary()).toMatchObject({ state: 'out', exit: 'dropped' });
    upkeep.stop();
  });

  it('pings a room after 15 minutes of silence, not before', async () => {
    const { upkeep, pings } = setUp(async () => ({}));
    await vi.advanceTimersByTimeAsync(SILENCE_MS - 60_000);
    expect(pings).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pings).toEqual(['hall@rooms.example.org/juliet']);
    upkeep.stop();
  });
});
