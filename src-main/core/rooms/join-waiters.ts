import type { RoomJoinError } from '../../../src-shared/contract';

/** How long a join waits for the room's answer (our own presence, or an error). */
export const JOIN_TIMEOUT_MS = 20_000;

/** Joins waiting for the room's answer, by room: our own presence settles it, or an error presence refuses it. */
export class JoinWaiters {
  private readonly waiting = new Map<string, { settle: (outcome: 'joined' | RoomJoinError) => void; answer: Promise<'joined' | RoomJoinError> }>();

  /** The answer a join in flight waits for, if one is. */
  pending(room: string): Promise<'joined' | RoomJoinError> | undefined {
    return this.waiting.get(room)?.answer;
  }

  /** Resolves with `joined` or the refusal. */
  wait(room: string, timeoutMs = JOIN_TIMEOUT_MS): Promise<'joined' | RoomJoinError> {
    this.waiting.get(room)?.settle('timeout');
    let entry!: { settle: (outcome: 'joined' | RoomJoinError) => void; answer: Promise<'joined' | RoomJoinError> };
    const answer = new Promise<'joined' | RoomJoinError>((resolve) => {
      const timer = setTimeout(() => entry.settle('timeout'), timeoutMs);
      entry = {
        settle: (outcome) => {
          clearTimeout(timer);
          if (this.waiting.get(room) === entry) this.waiting.delete(room);
          resolve(outcome);
        },
        answer: undefined as unknown as Promise<'joined' | RoomJoinError>,
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
