import { getContext, setContext } from 'svelte';
import type { ConversationRef } from '../../src-shared/conversation';
import type { Cursor, History } from '../history';
import { readByAt, readerSteps, type ReadByEntry, type ReaderSteps } from '../history/read-by';

const KEY = Symbol('room-read-by');

/**
 * Who has read what in the open room: its participants' markers from history, re-read whenever
 * the room's history changes (a marker, or a message a kept marker names), one read at a time.
 */
export class RoomReadBy {
  readers = $state.raw<readonly ReaderSteps[]>([]);
  private reading = false;
  private again = false;

  constructor(
    private readonly history: Pick<History, 'roomReaderMarks'>,
    private readonly room: ConversationRef,
  ) {}

  /** The readers of the message at `position`, earliest first (us never among them). */
  of(position: Cursor): ReadByEntry[] {
    return readByAt(this.readers, position);
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
