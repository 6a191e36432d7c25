import type { GlanceBridge } from '../../src-shared/contract';

const INPUT_EVENTS = ['keydown', 'mousedown', 'click', 'wheel', 'touchstart'] as const;

/**
 * Calls `onActivity` for the person's own input: keys, clicks, wheel, touch, and mouse moves that
 * changed coordinates (Chromium also sends mousemove when content scrolls under a still pointer).
 */
export function watchActivity(target: Window, onActivity: () => void): () => void {
  let last: string | undefined;
  const onMove = (event: MouseEvent) => {
    const where = `${event.screenX},${event.screenY},${event.clientX},${event.clientY}`;
    if (where === last) return;
    last = where;
    onActivity();
  };
  const options = { capture: true, passive: true };
  for (const name of INPUT_EVENTS) target.addEventListener(name, onActivity, options);
  target.addEventListener('mousemove', onMove, options);
  return () => {
    for (const name of INPUT_EVENTS) target.removeEventListener(name, onActivity, options);
    target.removeEventListener('mousemove', onMove, options);
  };
}

/**
 * Window focus and page visibility: focus from the bridge's `windowFocus` events (the main process,
 * or the page's own focus/blur in the preview), `document.hasFocus()` at start and whenever the page
 * becomes visible again; visibility from `visibilitychange`. Calls `onChange` now and on every change.
 */
export function watchAttention(bridge: Pick<GlanceBridge, 'on'>, onChange: (focused: boolean, visible: boolean) => void): () => void {
  const visible = () => document.visibilityState === 'visible';
  let focused = document.hasFocus();
  const stopFocus = bridge.on('windowFocus', (value) => {
    focused = value;
    onChange(focused, visible());
  });
  const onVisibility = () => {
    if (visible()) focused = document.hasFocus();
    onChange(focused, visible());
  };
  document.addEventListener('visibilitychange', onVisibility);
  onChange(focused, visible());
  return () => {
    stopFocus();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** The reading overrides tests set (see timing.ts); the defaults when storage is unavailable. */
export function readTimingOverrides(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
