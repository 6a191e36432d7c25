/** How long "seeing" takes (docs/architecture.md, read rules); tests shorten these through localStorage. */
export interface ReadTiming {
  /** A message must be visible this long (ms) while every other condition holds. */
  dwellMs: number;
  /** Right after the window gains focus, nothing counts as seen before this much time (ms) has passed. */
  focusDwellMs: number;
  /** The person counts as present this long (ms) after their last key, click, wheel or mouse move. */
  activityMs: number;
}

export const DEFAULT_TIMING: Readonly<ReadTiming> = { dwellMs: 500, focusDwellMs: 1000, activityMs: 30_000 };

/** localStorage key of the overrides: JSON `{ "dwellMs": n, "focusDwellMs": n, "activityMs": n }`, any subset. */
export const TIMING_STORAGE_KEY = 'glance.reading';

/** The timing with the valid overrides from `json` applied (non-negative finite numbers; the rest is ignored). */
export function parseTiming(json: string | null | undefined): ReadTiming {
  const timing = { ...DEFAULT_TIMING };
  if (!json) return timing;
  let overrides: unknown;
  try {
    overrides = JSON.parse(json);
  } catch {
    return timing;
  }
  if (typeof overrides !== 'object' || overrides === null) return timing;
  for (const name of Object.keys(DEFAULT_TIMING) as (keyof ReadTiming)[]) {
    const value = (overrides as Record<string, unknown>)[name];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) timing[name] = value;
  }
  return timing;
}

/** Reads the overrides once, at startup; storage that throws (private mode) means the defaults. */
export function loadTiming(read: () => string | null): ReadTiming {
  try {
    return parseTiming(read());
  } catch {
    return { ...DEFAULT_TIMING };
  }
}
