import type { ArchiveSlice } from '../../../src-shared/contract';

/**
 * Slices of one catch-up walked at once, each its own page-after-page walk. Two keep the server
 * busy (one query waits while it answers the other); each further slice costs Prosody another
 * border query and more interleaving for no more overlap (measured on Prosody 0.12 with SQLite:
 * 3,000 messages took it about 1.0 s of CPU in one walk or two slices, 1.3 s in four).
 */
export const SLICE_COUNT = 2;

const SECOND = 1000;

/**
 * Splits what is left of a catch-up into time slices. `after`: the stanza-id the first slice
 * continues after; `from`: the archive's timestamp of that message; `to`: the newest message's.
 * The borders are whole seconds (Prosody stores whole seconds) and belong to both neighbours
 * (XEP-0313 `start` and `end` are inclusive): a message stamped at a border comes twice and is
 * handed on once, and no message falls between two slices. The last slice has no end, so what
 * the archive gains during the walk is fetched too. Too short a span (or an unknown one) is one
 * slice. Tested by test/unit/archive-slices.test.ts.
 */
export function planSlices(after: string, from: number | undefined, to: number | undefined, count = SLICE_COUNT): ArchiveSlice[] {
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to)) return [{ after }];
  const first = Math.floor(from / SECOND);
  const seconds = Math.floor(to / SECOND) - first;
  const n = Math.max(1, Math.min(count, seconds));
  if (n === 1) return [{ after }];
  const border = (i: number) => (first + Math.round((i * seconds) / n)) * SECOND;
  const slices: ArchiveSlice[] = [{ after, end: border(1) }];
  for (let i = 1; i < n - 1; i++) slices.push({ start: border(i), end: border(i + 1) });
  slices.push({ start: border(n - 1) });
  return slices;
}

/**
 * The time plan bounded by ids instead, where the archive supports `before-id`: `firstAt[i]` is the
 * stanza-id of the first message at or after the start of the plan's slice i + 1 (undefined when
 * there is none), which the caller hands on itself. Slice i then runs after its first id and
 * before the next slice's; the last has no end. Whatever order the ids come in, the slices cover
 * everything after `after`: any message lies after the last of these ids not newer than it, and
 * before the next. The server then pages by id alone, as in a single walk (Prosody counts a
 * time-filtered query's matches again for every page). Tested by test/unit/archive-slices.test.ts.
 */
export function idSlices(after: string, firstAt: readonly (string | undefined)[]): ArchiveSlice[] {
  const starts = [after];
  for (const id of firstAt) if (id !== undefined && id !== starts.at(-1)) starts.push(id);
  return starts.map((id, i) => (i + 1 < starts.length ? { after: id, before: starts[i + 1]! } : { after: id }));
}

/** The slices still to walk, as copies (a resumed catch-up continues each from its own `after`). */
export function openSlices(slices: readonly ArchiveSlice[]): ArchiveSlice[] {
  return slices.filter((slice) => !slice.done).map((slice) => ({ ...slice }));
}
