import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  screen: {
    getPrimaryDisplay: vi.fn(),
    getAllDisplays: vi.fn(),
  },
}));
vi.mock('electron', () => ({ screen: fake.screen }));

const { initialBounds, parseWindowState, rememberWindowState, restoreBounds } = await import('../../src-main/electron/window-state');

const limits = { width: 1100, height: 720, minWidth: 640, minHeight: 420 };
const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: -200, width: 2560, height: 1415 };
const small = { x: 0, y: 0, width: 1024, height: 600 };

describe('restoreBounds', () => {
  it.each([
    ['first start: the default size, centred by the OS', undefined, [laptop], { width: 1100, height: 720, maximized: false }],
    ['first start on a small screen: no larger than it', undefined, [small], { width: 1024, height: 600, maximized: false }],
    ['where it was', { x: 100, y: 50, width: 900, height: 600, maximized: false }, [laptop], { x: 100, y: 50, width: 900, height: 600, maximized: false }],
    [
      'maximized stays maximized',
      { x: 100, y: 50, width: 900, height: 600, maximized: true },
      [laptop],
      { x: 100, y: 50, width: 900, height: 600, maximized: true },
    ],
    [
      'on the second display',
      { x: 2000, y: 100, width: 1200, height: 800, maximized: false },
      [laptop, external],
      { x: 2000, y: 100, width: 1200, height: 800, maximized: false },
    ],
    [
      'second display unplugged: centred on the primary',
      { x: 2000, y: 100, width: 1200, height: 800, maximized: false },
      [laptop],
      { width: 1200, height: 800, maximized: false },
    ],
    [
      'hanging off the right edge: pulled in',
      { x: 1000, y: 100, width: 900, height: 600, maximized: false },
      [laptop],
      { x: 540, y: 100, width: 900, height: 600, maximized: false },
    ],
    [
      'above the top: pulled down',
      { x: 100, y: -300, width: 900, height: 600, maximized: false },
      [laptop],
      { x: 100, y: 0, width: 900, height: 600, maximized: false },
    ],
    [
      'larger than the display: shrunk to it',
      { x: 0, y: 0, width: 3000, height: 2000, maximized: false },
      [laptop],
      { x: 0, y: 0, width: 1440, height: 875, maximized: false },
    ],
    [
      'smaller than the minimum: grown to it',
      { x: 10, y: 10, width: 100, height: 100, maximized: false },
      [laptop],
      { x: 10, y: 10, width: 640, height: 420, maximized: false },
    ],
    [
      'straddling two displays: on the one it overlaps most',
      { x: 1300, y: 100, width: 1000, height: 600, maximized: false },
      [laptop, external],
      { x: 1440, y: 100, width: 1000, height: 600, maximized: false },
    ],
  ])('%s', (_name, saved, areas, expected) => {
    expect(restoreBounds(saved, areas, limits)).toEqual(expected);
  });
});

describe('parseWindowState', () => {
  it.each([
    [
      { x: 1, y: 2, width: 800, height: 600, maximized: true },
      { x: 1, y: 2, width: 800, height: 600, maximized: true },
    ],
    [
      { x: 1.4, y: 2.6, width: 800, height: 600 },
      { x: 1, y: 3, width: 800, height: 600, maximized: false },
    ],
    [{ x: 1, y: 2, width: 0, height: 600 }, undefined],
    [{ x: '1', y: 2, width: 800, height: 600 }, undefined],
    [{ x: Number.NaN, y: 2, width: 800, height: 600 }, undefined],
    [null, undefined],
    ['{}', undefined],
  ])('%j → %j', (value, expected) => expect(parseWindowState(value)).toEqual(expected));
});

describe('persistence', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'glance-window-'));
    dirs.push(dir);
    return path.join(dir, 'window-state.json');
  };
  afterEach(() => {
    vi.useRealTimers();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('restores from the file against the displays connected now, primary first', () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify({ x: 2000, y: 100, width: 1200, height: 800, maximized: false }));
    fake.screen.getPrimaryDisplay.mockReturnValue({ id: 2, workArea: laptop });
    fake.screen.getAllDisplays.mockReturnValue([
      { id: 1, workArea: external },
      { id: 2, workArea: laptop },
    ]);
    expect(initialBounds(file, limits)).toEqual({ x: 2000, y: 100, width: 1200, height: 800, maximized: false });
    fake.screen.getAllDisplays.mockReturnValue([{ id: 2, workArea: laptop }]);
    expect(initialBounds(file, limits)).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('a missing or corrupt file means the defaults', () => {
    const file = tempFile();
    fake.screen.getPrimaryDisplay.mockReturnValue({ id: 1, workArea: laptop });
    fake.screen.getAllDisplays.mockReturnValue([{ id: 1, workArea: laptop }]);
    expect(initialBounds(file, limits)).toEqual({ width: 1100, height: 720, maximized: false });
    writeFileSync(file, '{not json');
    expect(initialBounds(file, limits)).toEqual({ width: 1100, height: 720, maximized: false });
  });

  it('saves the normal bounds after moves settle, and on close', () => {
    vi.useFakeTimers();
    const file = tempFile();
    const listeners = new Map<string, () => void>();
    const window = {
      bounds: { x: 10, y: 20, width: 900, height: 600 },
      maximized: false,
      on: (event: string, listener: () => void) => listeners.set(event, listener),
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized() {
        return this.maximized;
      },
      isDestroyed: () => false,
    };
    rememberWindowState(window as never, file, 500);
    listeners.get('move')!();
    listeners.get('resize')!();
    expect(() => readFileSync(file)).toThrow();
    vi.advanceTimersByTime(500);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 20, width: 900, height: 600, maximized: false });
    window.maximized = true;
    listeners.get('close')!();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 20, width: 900, height: 600, maximized: true });
  });
});
