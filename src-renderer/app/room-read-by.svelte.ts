import { getContext, setContext } from 'svelte';
import type { ConversationRef } from '../../src-shared/conversation';
import type { Cursor, History } from '../history';
import { readByAt, readerSteps, type ReadByEntry, type ReaderSteps } from '../history/read-by';

const KEY = Symbol('room-read-by');

/** Quiet time after the room's last history change before read-by is read again (ms). */
const SETTLE_MS = 20;
/** Longest wait for a quiet moment while changes keep coming (an archive walk) (ms). */
const MOST_MS = 1000;

/**
 * Who has read what in the open room: its participants' markers from history, re-read once the
 * room's history settles after a change (a marker, or a message a kept marker names), one read at
 * a time. Reading on every write of an archive walk would hold the stores the walk writes to.
 */
export class RoomReadBy {
  readers = $state.raw<readonly ReaderSteps[]>([]);
  private reading = false;
  private again = false;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private firstChange: number | undefined;

  constructor(
    private readonly history: Pick<History, 'roomReaderMarks'>,
    private readonly room: ConversationRef,
  ) {}

  /** The readers of the message at `position`, earliest first (us never among them). */
  of(position: Cursor): ReadByEntry[] {
    return readByAt(this.readers, position);
  }

  /** The room's history changed: read again once it settles, or at least every MOST_MS. */
  changed(): void {
    const now = Date.now();
    this.firstChange ??= now;
    clearTimeout(this.settle);
    const wait = Math.max(0, Math.min(SETTLE_MS, this.firstChange + MOST_MS - now));
    this.settle = setTimeout(() => {
      this.firstChange = undefined;
      void this.reload();
    }, wait);
  }

  dispose(): void {
    clearTimeout(this.settle);
  }

  async reload(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        this.readers = readerSteps(await this.history.roomReaderMarks(this.room));
      } while (this.again);
    } catch (error) {
      console.error('read-by: history read failed', error);
    } finally {
      this.reading = false;
    }
  }
}

/** The open room's read-by (none in a chat), for the rows of its message list. */
export interface ReadByHolder {
  readonly current: RoomReadBy | undefined;
}

export function provideRoomReadBy(holder: ReadByHolder): void {
  setContext(KEY, holder);
}

export function useRoomReadBy(): ReadByHolder | undefined {
  return getContext<ReadByHolder | undefined>(KEY);
}
