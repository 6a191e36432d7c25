import type { RoomExit } from '../../../src-shared/contract';
import type { Logger } from '../log';
import { buildSelfPing, selfPingVerdict } from '../protocol/muc-codec';
import type { Connection } from '../session/connection';
import type { RoomRecord, RoomRegistry } from './room-registry';

/** XEP-0410 §4: a room silent this long is self-pinged. */
export const SILENCE_MS = 15 * 60_000;
const CHECK_EVERY_MS = 60_000;
const REJOIN_FIRST_MS = 2_000;
const REJOIN_MAX_MS = 60_000;

/** Exits after which we enter again: a shutdown or technical removal (332, 333), or a self-ping that found us gone. */
function rejoinsAfter(exit: RoomExit | undefined): boolean {
  return exit === 'shutdown' || exit === 'dropped';
}

/**
 * Staying in rooms: rejoin with backoff after a shutdown or technical removal (XEP-0045 status
 * 332/333), never after a kick, ban, removal or destruction; a self-ping (XEP-0410) of each room
 * after a stream resumption and after 15 minutes of silence, and a rejoin when it says we are
 * gone. Guarded by test/integration/rooms.test.ts ("rejoins").
 */
export class RoomUpkeep {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly rejoins = new Map<string, { timer: ReturnType<typeof setTimeout>; delay: number }>();
  private connection: Connection | undefined;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly log: Logger,
    private readonly rejoin: (record: RoomRecord) => void,
  ) {}

  /** Whether a new session enters the room again: we were in it, or are out only for a reason that rejoins. */
  wanted(record: RoomRecord): boolean {
    return record.state !== 'out' || rejoinsAfter(record.exit);
  }

  start(connection: Connection): void {
    this.connection = connection;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.pingSilent(), CHECK_EVERY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const room of [...this.rejoins.keys()]) this.forget(room);
  }

  forget(room: string): void {
    clearTimeout(this.rejoins.get(room)?.timer);
    this.rejoins.delete(room);
  }

  exited(record: RoomRecord, exit: RoomExit): void {
    if (rejoinsAfter(exit)) this.scheduleRejoin(record);
    else this.forget(record.jid);
  }

  selfPingAll(connection: Connection): void {
    for (const record of this.rooms.all()) if (record.state === 'joined') void this.selfPing(connection, record);
  }

  private pingSilent(): void {
    const connection = this.connection;
    if (!connection || connection.connectionState.status !== 'online') return;
    const now = Date.now();
    for (const record of this.rooms.all()) {
      if (record.state === 'joined' && now - record.lastTraffic >= SILENCE_MS) void this.selfPing(connection, record);
    }
  }

  private async selfPing(connection: Connection, record: RoomRecord): Promise<void> {
    record.lastTraffic = Date.now();
    let condition: string | undefined;
    try {
      await connection.request(buildSelfPing(record.jid, record.nick), 30_000);
    } catch (error) {
      condition = (error as { condition?: string }).condition;
    }
    const verdict = selfPingVerdict(condition === 'timeout' || condition === 'offline' ? 'remote-server-timeout' : condition);
    if (verdict !== 'rejoin' || record.state !== 'joined') return;
    this.log.info(`self-ping: not in ${record.jid} any more, rejoining`);
    record.state = 'out';
    record.exit = 'dropped';
    record.occupants.clear();
    this.rejoin(record);
  }

  private scheduleRejoin(record: RoomRecord): void {
    const previous = this.rejoins.get(record.jid);
    clearTimeout(previous?.timer);
    const delay = previous ? Math.min(previous.delay * 2, REJOIN_MAX_MS) : REJOIN_FIRST_MS;
    const timer = setTimeout(
      () => {
        if (record.state === 'out' && rejoinsAfter(record.exit)) this.rejoin(record);
      },
      delay * (0.75 + Math.random() / 2),
    );
    timer.unref?.();
    this.rejoins.set(record.jid, { timer, delay });
  }

  /** A join went through: the next trouble starts the backoff from the beginning. */
  joined(room: string): void {
    this.forget(room);
  }
}
