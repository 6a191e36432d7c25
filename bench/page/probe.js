// The bench's eyes in the page, installed before the app's own scripts on every navigation
// (Playwright's addInitScript). Plain JavaScript on purpose: the repository's type check has no
// DOM types outside the renderer, and this file only observes, it never touches the app.
//
// Times are epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()),
// so the bench can compare them with the Node side after measuring the clock offset.

const epoch = () => performance.timeOrigin + performance.now();

/** Tasks over 50 ms (the browser reports only those) since `since`. */
const longTasks = [];
/** Long animation frames (over 50 ms), with the scripts that ran in them. */
const longFrames = [];

function observe(type, sink, map) {
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) sink.push(map(entry));
      if (sink.length > 5000) sink.splice(0, sink.length - 5000);
    }).observe({ type, buffered: true });
  } catch {
    // Not supported by this browser: the bench reports the metric as unmeasured.
  }
}

observe('longtask', longTasks, (e) => ({ start: performance.timeOrigin + e.startTime, duration: e.duration }));
observe('long-animation-frame', longFrames, (e) => ({
  start: performance.timeOrigin + e.startTime,
  duration: e.duration,
  blocking: e.blockingDuration,
  scripts: (e.scripts ?? []).map((s) => ({
    duration: s.duration,
    invoker: s.invoker,
    source: `${s.sourceFunctionName || '(anonymous)'} ${String(s.sourceURL || '')
      .split('/')
      .pop()}:${s.sourceCharPosition}`,
  })),
}));

/** The next paint after now: the frame's rAF, then a task posted from it (runs after the frame). */
function afterNextPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame((frameStart) => {
      const raf = epoch();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve({ raf, frame: performance.timeOrigin + frameStart, paint: epoch() });
      channel.port2.postMessage(null);
    });
  });
}

function inView(element) {
  const scroller = element.closest('[role="log"]') ?? document.documentElement;
  const box = element.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  return box.height > 0 && box.bottom > view.top && box.top < view.bottom;
}

/** Whether `spec` holds in the document now. */
function holds(spec) {
  if (spec.kind === 'text') {
    for (const element of document.querySelectorAll(spec.selector)) {
      if (element.textContent.trim() === spec.text && (!spec.inView || inView(element))) return true;
    }
    return false;
  }
  if (spec.kind === 'contains') {
    for (const element of document.querySelectorAll(spec.selector)) if (element.textContent.includes(spec.text)) return true;
    return false;
  }
  if (spec.kind === 'count') {
    return spec.all.every(([selector, min]) => document.querySelectorAll(selector).length >= min);
  }
  if (spec.kind === 'screenful') {
    // A virtualized list: its scroller (the list's parent) full of rows, at least `minRows` of them,
    // each with `badge`, in a list that knows all `setSize`. "In view" is the scroller's visible
    // box, not the window: the sidebar's own controls above the list take part of the window.
    const list = document.querySelector(spec.list);
    if (!list?.parentElement) return false;
    const frame = list.parentElement.getBoundingClientRect();
    const top = Math.max(frame.top, 0);
    const bottom = Math.min(frame.bottom, window.innerHeight);
    const rows = [...list.querySelectorAll(`:scope > li[aria-setsize="${spec.setSize}"]`)].filter((li) => {
      const box = li.getBoundingClientRect();
      return box.height > 0 && box.bottom > top && box.top < bottom;
    });
    const full = rows.length === spec.setSize || (rows.at(-1)?.getBoundingClientRect().bottom ?? 0) >= bottom;
    return full && rows.length >= spec.minRows && rows.every((li) => li.querySelector(spec.badge));
  }
  return false;
}

/**
 * Watchers: each waits for its condition and resolves with the first frame that shows it. Checked
 * once per frame (in requestAnimationFrame, i.e. with everything before that frame applied).
 */
const watchers = new Map();
let nextWatch = 1;
let polling = false;

function poll() {
  if (watchers.size === 0) {
    polling = false;
    return;
  }
  for (const [id, watcher] of watchers) {
    let ok;
    try {
      ok = holds(watcher.spec);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    watchers.delete(id);
    const seen = epoch();
    // This rAF callback runs just before the frame that shows it; the post-paint task after it.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => watcher.resolve({ seen, paint: epoch() });
    channel.port2.postMessage(null);
  }
  requestAnimationFrame(poll);
}

function watch(spec) {
  const id = nextWatch++;
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  watchers.set(id, { spec, resolve, promise });
  results.set(id, promise);
  if (!polling) {
    polling = true;
    requestAnimationFrame(poll);
  }
  return id;
}
const results = new Map();

async function result(id, timeoutMs = 30000) {
  const promise = results.get(id);
  if (!promise) throw new Error(`no watcher ${id}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
  const value = await Promise.race([promise, timeout]);
  results.delete(id);
  watchers.delete(id);
  return value;
}

/** Frame-gap recorder: requestAnimationFrame deltas while running. */
let frames;
function startFrames() {
  const state = { running: true, last: undefined, count: 0, gaps: [], intervals: [], maxGap: 0 };
  frames = state;
  const tick = (t) => {
    if (!state.running) return;
    if (state.last !== undefined) {
      const gap = t - state.last;
      state.intervals.push(gap);
      if (gap > state.maxGap) state.maxGap = gap;
      if (gap > 50) state.gaps.push({ at: performance.timeOrigin + state.last, gap });
    }
    state.last = t;
    state.count++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
function stopFrames() {
  if (!frames) return undefined;
  frames.running = false;
  const { count, gaps, maxGap, intervals } = frames;
  frames = undefined;
  return { count, gaps, maxGap, intervals };
}

/** Element nodes inside `selector` (the list's DOM size), 0 when absent. */
function nodesIn(selector) {
  const root = document.querySelector(selector);
  return root ? root.getElementsByTagName('*').length + 1 : 0;
}

/** The time the last trusted click reached the page (its event timestamp). */
let lastClick;
addEventListener(
  'click',
  (event) => {
    if (event.isTrusted) lastClick = performance.timeOrigin + event.timeStamp;
  },
  { capture: true },
);

/** The time the last trusted key press reached the page (its event timestamp). */
let lastKey;
addEventListener(
  'keydown',
  (event) => {
    if (event.isTrusted) lastKey = performance.timeOrigin + event.timeStamp;
  },
  { capture: true },
);

/** Milestones watched from the very start of the page, configured through sessionStorage. */
const milestones = {};
try {
  const config = JSON.parse(sessionStorage.getItem('glance.bench.milestones') ?? 'null');
  for (const [name, spec] of Object.entries(config ?? {})) {
    const id = watch(spec);
    results.get(id).then((value) => (milestones[name] = { ...value, sinceStart: value.paint - performance.timeOrigin }));
  }
} catch {
  // No milestones for this page.
}

/**
 * Scrolls the open conversation's log to its oldest (or newest) end as fast as a person flinging
 * the wheel: `step` px up (or down) every frame, waiting wherever the app is loading more. Records
 * frame intervals, the most DOM elements the log held and, from rows whose text is
 * `${labelPrefix}NNNNNN`, the furthest message number reached. Done when `endText` is in view at
 * that end, or after `timeoutMs`.
 */
function scrollThrough({ to, step, endText, timeoutMs, labelPrefix }) {
  const scroller = document.querySelector('[role="log"]');
  if (!scroller) return Promise.reject(new Error('no conversation log'));
  const started = performance.now();
  let maxNodes = 0;
  let moves = 0;
  let furthest;
  let frameNo = 0;
  startFrames();
  return new Promise((resolve) => {
    const finish = (done) => resolve({ done, ms: performance.now() - started, frames: stopFrames(), maxNodes, moves, furthest });
    const frame = () => {
      frameNo++;
      const nodes = scroller.getElementsByTagName('*').length + 1;
      if (nodes > maxNodes) maxNodes = nodes;
      if (labelPrefix && frameNo % 4 === 0) {
        for (const element of scroller.querySelectorAll('.message .text')) {
          const text = element.textContent.trim();
          if (!text.startsWith(labelPrefix)) continue;
          const n = Number(text.slice(labelPrefix.length));
          if (Number.isFinite(n) && (furthest === undefined || (to === 'oldest' ? n < furthest : n > furthest))) furthest = n;
        }
      }
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      const atEnd = to === 'oldest' ? scroller.scrollTop <= 0 : scroller.scrollTop >= bottom - 1;
      if (atEnd && scroller.getAttribute('aria-busy') !== 'true') {
        const end = [...scroller.querySelectorAll('.message .text')].find((e) => e.textContent.trim() === endText);
        if (end && inView(end)) return finish(true);
      }
      if (performance.now() - started > timeoutMs) return finish(false);
      if (!atEnd) {
        scroller.scrollTop = to === 'oldest' ? Math.max(0, scroller.scrollTop - step) : Math.min(bottom, scroller.scrollTop + step);
        moves++;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/**
 * The rooms bench (bench/metrics/room-crowd.ts): clicks the open join dialog's "Join", opens
 * "Participants" as soon as the room shows, and resolves with the ms until a frame shows the
 * participant count, the message `last` and the participants list with `others` in its section.
 */
function joinUntilUsable({ participants, others, last, timeoutMs = 20_000 }) {
  return new Promise((resolve, reject) => {
    const join = [...document.querySelectorAll('dialog[open] button')].find((b) => b.textContent?.trim() === 'Join');
    if (!join) return reject(new Error('no Join button'));
    const t0 = performance.now();
    join.click();
    const check = () => {
      const count = document.querySelector('[data-testid="participant-count"]')?.textContent === `${participants.toLocaleString('en')} participants`;
      const said = [...document.querySelectorAll('[role="log"] .message .text')].some((e) => e.textContent === last);
      const toggle = [...document.querySelectorAll('header button')].find((b) => b.textContent?.trim() === 'Participants');
      if (toggle && toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
      const section = [...document.querySelectorAll('ul[aria-label="Participants"] .section')].some((e) => e.textContent?.endsWith(`· ${others}`));
      const rows = document.querySelectorAll('ul[aria-label="Participants"] li.occupant').length > 0;
      if (count && said && section && rows) resolve(performance.now() - t0);
      else if (performance.now() - t0 > timeoutMs) reject(new Error(`the room never became usable: ${JSON.stringify({ count, said, section, rows })}`));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

globalThis.__glanceBench = {
  joinUntilUsable,
  scrollThrough,
  epoch,
  longTasks,
  longFrames,
  afterNextPaint,
  watch,
  result,
  startFrames,
  stopFrames,
  nodesIn,
  milestones,
  get lastClick() {
    return lastClick;
  },
  get lastKey() {
    return lastKey;
  },
};
