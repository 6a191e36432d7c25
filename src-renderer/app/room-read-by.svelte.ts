import { getContext, setContext } from 'svelte';
import type { ConversationRef } from '../../src-shared/conversation';
import type { Cursor, History } from '../history';
import { readByAt, readerSteps, type ReadByEntry, type ReaderMark, type ReaderSteps } from '../history/read-by';

const KEY = Symbol('room-read-by');

/** Quiet time after the room's last history change before read-by is read again, while a marker waits for its message (ms). */
const SETTLE_MS = 20;
/** Longest wait for a quiet moment while changes keep coming (an archive walk) (ms). */
const MOST_MS = 1000;

/**
 * Who has read what in the open room: its participants' markers, read from history when the room
 * opens, then added as each write keeps them (the change carries them), so the last marker of an
 * archive walk shows as soon as it is stored. A marker kept before its message has no place yet:
 * while one waits, history is read again once the room's writes settle after a change, one read at
 * a time (reading on every write of an archive walk would hold the stores the walk writes to).
 * test/unit/room-read-by.test.ts.
 */
export class RoomReadBy {
  readers = $state.raw<readonly ReaderSteps[]>([]);
  /** Every marker known, unplaced ones included; a marker may appear twice (readerSteps takes the earlier time). */
  private marks: ReaderMark[] = [];
  /** Markers added while a read is on its way: the read may not include them. */
  private addedWhileReading: ReaderMark[] | undefined;
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

  /** The room's history changed; `marks`: the markers that write kept for this room. */
  changed(marks?: readonly ReaderMark[]): void {
    if (marks?.length) {
      this.marks = [...this.marks, ...marks];
      this.addedWhileReading?.push(...marks);
      this.readers = readerSteps(this.marks);
    }
    if (this.marks.some((mark) => !mark.position)) this.readSoon();
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
        this.addedWhileReading = [];
        const read = await this.history.roomReaderMarks(this.room);
        this.marks = [...read, ...this.addedWhileReading];
        this.readers = readerSteps(this.marks);
      } while (this.again);
    } catch (error) {
      console.error('read-by: history read failed', error);
    } finally {
      this.addedWhileReading = undefined;
      this.reading = false;
    }
  }

  /** Reads again once the room's writes settle, or at least every MOST_MS while they keep coming. */
  private readSoon(): void {
    const now = Date.now();
    this.firstChange ??= now;
    clearTimeout(this.settle);
    const wait = Math.max(0, Math.min(SETTLE_MS, this.firstChange + MOST_MS - now));
    this.settle = setTimeout(() => {
      this.firstChange = undefined;
      void this.reload();
    }, wait);
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
