import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoomReadBy } from '../../src-renderer/app/room-read-by.svelte';
import type { ReaderMark } from '../../src-renderer/history/read-by';

const ROOM = { kind: 'room', jid: 'team@rooms.example.org' } as const;
const at = (timestamp: number) => ({ timestamp, order: 0 });
const mark = (reader: string, position: number | undefined, time = 1): ReaderMark => ({
  reader,
  name: reader,
  at: time,
  ...(position === undefined ? {} : { position: at(position) }),
});

/** A history whose reads the test answers by hand, counting them. */
function history(initial: ReaderMark[]) {
  const reads: { resolve: (marks: ReaderMark[]) => void }[] = [];
  let stored = initial;
  return {
    reads,
    store(marks: ReaderMark[]) {
      stored = marks;
    },
    roomReaderMarks: () => new Promise<ReaderMark[]>((resolve) => reads.push({ resolve: () => resolve(stored) })),
  };
}

/** An open room's read-by whose first read has been answered from `initial`. */
async function opened(initial: ReaderMark[]) {
  const source = history(initial);
  const readBy = new RoomReadBy(source, ROOM);
  const loaded = readBy.reload();
  source.reads[0]!.resolve([]);
  await loaded;
  return { source, readBy };
}

const readers = (readBy: RoomReadBy, position: number) => readBy.of(at(position)).map((entry) => entry.reader);

describe('read-by in an open room', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the markers a write keeps at once, without reading every marker again', async () => {
    const { source, readBy } = await opened([mark('ann', 10)]);
    expect(readers(readBy, 10)).toEqual(['ann']);
    readBy.changed([mark('bob', 20), mark('cat', 20)]);
    expect(readers(readBy, 20)).toEqual(['bob', 'cat']);
    expect(readers(readBy, 10)).toEqual(['ann', 'bob', 'cat']);
    expect(source.reads).toHaveLength(1);
  });

  it('keeps a marker added while a read is on its way, which that read may not hold', async () => {
    const source = history([mark('ann', 10)]);
    const readBy = new RoomReadBy(source, ROOM);
    const loaded = readBy.reload();
    readBy.changed([mark('bob', 20)]);
    source.reads[0]!.resolve([]);
    await loaded;
    expect(readers(readBy, 20)).toEqual(['bob']);
    expect(readers(readBy, 10)).toEqual(['ann', 'bob']);
  });

  it('reads again, once writes settle, while a marker waits for its message, and then places it', async () => {
    const { source, readBy } = await opened([]);
    readBy.changed([mark('bob', undefined)]);
    expect(readers(readBy, 20)).toEqual([]);
    // The message arrives; history now places the marker.
    source.store([mark('bob', 20)]);
    vi.useFakeTimers();
    readBy.changed();
    expect(source.reads).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(source.reads).toHaveLength(2);
    source.reads[1]!.resolve([]);
    await vi.waitFor(() => expect(readers(readBy, 20)).toEqual(['bob']));
  });

  it('does not read again after changes when every marker is placed', async () => {
    const { source, readBy } = await opened([mark('ann', 10)]);
    vi.useFakeTimers();
    readBy.changed();
    readBy.changed([mark('bob', 20)]);
    vi.advanceTimersByTime(5000);
    expect(source.reads).toHaveLength(1);
    readBy.dispose();
  });
});
