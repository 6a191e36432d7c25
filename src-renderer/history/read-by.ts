import type { Cursor } from './types';

/** One participant's marker as read-by needs it: where the message it names sits, and when. */
export interface ReaderMark {
  reader: string;
  name: string;
  uncertain?: boolean;
  at: number;
  /** The position of the message it names; absent while that message is not in history. */
  position?: Cursor;
}

/** One participant's markers, ready to answer "had they read this message, and since when?". */
export interface ReaderSteps {
  reader: string;
  /** Their nickname in their newest marker: a nick change shows the new name. */
  name: string;
  uncertain: boolean;
  /** Positions ascending; `since[i]` is the earliest time of a marker at or after `positions[i]`. */
  positions: Cursor[];
  since: number[];
}

/** Who read a message, and when. */
export interface ReadByEntry {
  reader: string;
  name: string;
  uncertain: boolean;
  at: number;
}

const compare = (a: Cursor, b: Cursor) => a.timestamp - b.timestamp || a.order - b.order;

/**
 * Groups markers by reader (XEP-0333: a marker means "read everything up to here"). Markers whose
 * message is not in history cannot be placed and count for nothing. Pure; guarded by
 * test/unit/read-by.test.ts.
 */
export function readerSteps(marks: readonly ReaderMark[]): ReaderSteps[] {
  const byReader = new Map<string, ReaderMark[]>();
  for (const mark of marks) {
    if (!mark.position) continue;
    const list = byReader.get(mark.reader);
    if (list) list.push(mark);
    else byReader.set(mark.reader, [mark]);
  }
  const readers: ReaderSteps[] = [];
  for (const [reader, list] of byReader) {
    list.sort((a, b) => compare(a.position!, b.position!));
    const since = new Array<number>(list.length);
    let earliest = Infinity;
    for (let i = list.length - 1; i >= 0; i--) since[i] = earliest = Math.min(earliest, list[i]!.at);
    // The archive stamps whole seconds: of markers in the same second, the later message's is newer.
    const newest = list.reduce((a, b) => (b.at >= a.at ? b : a));
    readers.push({ reader, name: newest.name, uncertain: !!newest.uncertain, positions: list.map((m) => m.position!), since });
  }
  return readers;
}

/** The readers of the message at `position`, earliest first: those with a marker at or after it. */
export function readByAt(readers: readonly ReaderSteps[], position: Cursor): ReadByEntry[] {
  const entries: ReadByEntry[] = [];
  for (const r of readers) {
    let low = 0;
    let high = r.positions.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(r.positions[mid]!, position) < 0) low = mid + 1;
      else high = mid;
    }
    if (low < r.positions.length) entries.push({ reader: r.reader, name: r.name, uncertain: r.uncertain, at: r.since[low]! });
  }
  return entries.sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));
}
