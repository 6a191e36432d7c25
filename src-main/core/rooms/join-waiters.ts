import type { RoomJoinError } from '../../../src-shared/contract';

/** How long a join waits for the room's answer (our own presence, or an error). */
export const JOIN_TIMEOUT_MS = 20_000;

interface Entry {
  settle: (outcome: 'joined' | RoomJoinError) => void;
  answer: Promise<'joined' | RoomJoinError>;
  /** The XMPP session whose connection carried the join presence. */
  session: number;
}

/** Joins waiting for the room's answer, by room: our own presence settles it, or an error presence refuses it. */
export class JoinWaiters {
  private readonly waiting = new Map<string, Entry>();

  /** The answer a join in flight waits for, if one is. */
  pending(room: string): Promise<'joined' | RoomJoinError> | undefined {
    return this.waiting.get(room)?.answer;
  }

  /**
   * The session whose join presence a join in flight waits on. A presence written just before a
   * connection dropped is lost with it: the next session sends it again (rooms module).
   */
  sessionOf(room: string): number | undefined {
    return this.waiting.get(room)?.session;
  }

  /** The join presence went out again in `session`. */
  resent(room: string, session: number): void {
    const entry = this.waiting.get(room);
    if (entry) entry.session = session;
  }

  /** Resolves with `joined` or the refusal. */
  wait(room: string, session: number, timeoutMs = JOIN_TIMEOUT_MS): Promise<'joined' | RoomJoinError> {
    this.waiting.get(room)?.settle('timeout');
    let entry!: Entry;
    const answer = new Promise<'joined' | RoomJoinError>((resolve) => {
      const timer = setTimeout(() => entry.settle('timeout'), timeoutMs);
      entry = {
        settle: (outcome) => {
          clearTimeout(timer);
          if (this.waiting.get(room) === entry) this.waiting.delete(room);
          resolve(outcome);
        },
        answer: undefined as unknown as Promise<'joined' | RoomJoinError>,
        session,
      };
    });
    entry.answer = answer;
    this.waiting.set(room, entry);
    return answer;
  }

  has(room: string): boolean {
    return this.waiting.has(room);
  }

  settle(room: string, outcome: 'joined' | RoomJoinError): void {
    this.waiting.get(room)?.settle(outcome);
  }

  /** Signed out or the session ended: every join in flight answers `offline`. */
  abandonAll(): void {
    for (const entry of [...this.waiting.values()]) entry.settle('offline');
  }
}
