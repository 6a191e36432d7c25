import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** The main window's size, position and maximized state, kept in `window-state.json` under userData. */
export interface SavedWindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** Where to open the window: no x/y means "let the OS centre it". */
export interface RestoredBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface SizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export function parseWindowState(value: unknown): SavedWindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height, maximized } = value as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  if ((width as number) <= 0 || (height as number) <= 0) return undefined;
  return {
    x: Math.round(x as number),
    y: Math.round(y as number),
    width: Math.round(width as number),
    height: Math.round(height as number),
    maximized: maximized === true,
  };
}

/**
 * Puts the saved window back on a display that still exists: on the display it overlaps most,
 * no larger than that display's work area and entirely inside it. `workAreas[0]` is the primary
 * display's, used when the saved position is on no display any more (then the OS centres it).
 */
export function restoreBounds(saved: SavedWindowState | undefined, workAreas: readonly Rectangle[], limits: SizeLimits): RestoredBounds {
  const primary = workAreas[0];
  const fit = (width: number, height: number, area: Rectangle | undefined) => ({
    width: clamp(width, limits.minWidth, area?.width ?? Infinity),
    height: clamp(height, limits.minHeight, area?.height ?? Infinity),
  });
  if (!saved) return { ...fit(limits.width, limits.height, primary), maximized: false };
  let best: Rectangle | undefined;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = intersection(saved, area);
    if (overlap > bestOverlap) [best, bestOverlap] = [area, overlap];
  }
  if (!best) return { ...fit(saved.width, saved.height, primary), maximized: saved.maximized };
  const size = fit(saved.width, saved.height, best);
  return {
    x: clamp(saved.x, best.x, best.x + best.width - size.width),
    y: clamp(saved.y, best.y, best.y + best.height - size.height),
    ...size,
    maximized: saved.maximized,
  };
}

export function loadWindowState(file: string): SavedWindowState | undefined {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The bounds to open the main window with, from the saved state and the displays connected now. */
export function initialBounds(file: string, limits: SizeLimits): RestoredBounds {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return restoreBounds(
    loadWindowState(file),
    [primary, ...others].map((display) => display.workArea),
    limits,
  );
}

/** Saves the window's normal (unmaximized) bounds as they change, and once more as it closes. */
export function rememberWindowState(window: BrowserWindow, file: string, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed()) return;
    const state: SavedWindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only profile only costs the remembered size.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, debounceMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function intersection(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
