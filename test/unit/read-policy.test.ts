import { describe, expect, it } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import {
  ActivityClock,
  countsAsVisible,
  decideRead,
  readingConversation,
  type ReadingState,
  type VisibleMessage,
} from '../../src-renderer/reading/read-policy';
import { DEFAULT_TIMING, parseTiming } from '../../src-renderer/reading/timing';

const NOW = 100_000;
const T = DEFAULT_TIMING; // dwell 500 ms, 1000 ms after focus, activity window 30 s

function message(key: string, fields: Partial<VisibleMessage> = {}): VisibleMessage {
  const n = Number(key.replace(/\D/g, '')) || 1;
  return { key, conversation: chatWith('alice@x'), direction: 'in', read: false, timestamp: 1_000 * n, order: n, since: NOW - 2_000, ...fields };
}

/** Everything holds: focused and visible for a minute, active 1 s ago, m1 in view for 2 s. */
const base: ReadingState = {
  now: NOW,
  windowFocused: true,
  pageVisible: true,
  focusedSince: NOW - 60_000,
  lastActivity: NOW - 1_000,
  activeSince: NOW - 20_000,
  openConversation: chatWith('alice@x'),
  visible: [message('m1')],
};

type Case = [name: string, change: Partial<ReadingState>, seen: string | undefined, recheckAt?: number];

const cases: Case[] = [
  ['all four conditions hold past the dwell', {}, 'm1'],
  // 1. window focus and page visibility
  ['window not focused', { windowFocused: false }, undefined],
  ['page hidden', { pageVisible: false }, undefined],
  ['focus time unknown', { focusedSince: undefined }, undefined],
  ['focused 800 ms ago: the focus dwell is 1 s', { focusedSince: NOW - 800 }, undefined, NOW + 200],
  ['focused exactly 1 s ago', { focusedSince: NOW - 1_000 }, 'm1'],
  ['shown 600 ms after focus gained 3 s ago: the normal dwell', { focusedSince: NOW - 3_000, visible: [message('m1', { since: NOW - 600 })] }, 'm1'],
  // 2. activity
  ['no activity ever', { lastActivity: undefined, activeSince: undefined }, undefined],
  ['last activity 30 s ago: still present', { lastActivity: NOW - 30_000 }, 'm1'],
  ['last activity 30.001 s ago: idle, nothing to wait for', { lastActivity: NOW - 30_001 }, undefined],
  ['active again 200 ms ago after idling: the dwell counts from then', { lastActivity: NOW - 200, activeSince: NOW - 200 }, undefined, NOW + 300],
  ['the dwell would end after the activity window: no re-check', { lastActivity: NOW - 29_800, visible: [message('m1', { since: NOW - 100 })] }, undefined],
  // 3. the open conversation
  ['another conversation is open', { openConversation: chatWith('bob@x') }, undefined],
  ['a room at the same address is another conversation', { openConversation: roomAt('alice@x') }, undefined],
  ['no conversation is open', { openConversation: undefined }, undefined],
  ['a row of another conversation is ignored', { visible: [message('m1', { conversation: chatWith('bob@x') })] }, undefined],
  // 4. in view for the dwell
  ['in view 499 ms', { visible: [message('m1', { since: NOW - 499 })] }, undefined, NOW + 1],
  ['in view exactly 500 ms', { visible: [message('m1', { since: NOW - 500 })] }, 'm1'],
  ['nothing in view', { visible: [] }, undefined],
  // candidates
  ['our own outgoing message never counts', { visible: [message('m1', { direction: 'out' })] }, undefined],
  ['an already read message does not count', { visible: [message('m1', { read: true })] }, undefined],
  ['the newest seen message wins', { visible: [message('m3'), message('m1'), message('m2')] }, 'm3'],
  ['equal times: the later arrival wins', { visible: [message('m5', { timestamp: 7 }), message('m4', { timestamp: 7 })] }, 'm5'],
  [
    'an older one is seen, a newer one still dwelling: re-check for the newer',
    { visible: [message('m1'), message('m2', { since: NOW - 100 })] },
    'm1',
    NOW + 400,
  ],
  ['an older one still dwelling behind a seen newer one needs no re-check', { visible: [message('m1', { since: NOW - 100 }), message('m2')] }, 'm2'],
  [
    'several dwelling: re-check at the earliest end',
    { visible: [message('m1', { since: NOW - 100 }), message('m2', { since: NOW - 300 })] },
    undefined,
    NOW + 200,
  ],
];

describe('decideRead', () => {
  it.each(cases)('%s', (_name, change, seen, recheckAt) => {
    const decision = decideRead({ ...base, ...change }, T);
    expect(decision.seen?.key).toBe(seen);
    expect(decision.recheckAt).toBe(recheckAt);
  });

  it('uses the given timing (as shortened by tests)', () => {
    const fast = parseTiming('{"dwellMs":150,"focusDwellMs":250,"activityMs":2000}');
    const state = { ...base, focusedSince: NOW - 300, lastActivity: NOW - 1_900, activeSince: NOW - 1_900, visible: [message('m1', { since: NOW - 150 })] };
    expect(decideRead(state, fast).seen?.key).toBe('m1');
    expect(decideRead({ ...state, lastActivity: NOW - 2_001 }, fast).seen).toBeUndefined();
    expect(decideRead({ ...state, focusedSince: NOW - 200 }, fast)).toEqual({ seen: undefined, recheckAt: NOW + 50 });
  });
});

describe('readingConversation (for notifications: rules 1–3 and scrolled to the newest message, no dwell)', () => {
  const reading = { ...base, atBottom: true };
  it.each([
    ['all hold', {}, chatWith('alice@x')],
    ['not at the bottom', { atBottom: false }, undefined],
    ['window not focused', { windowFocused: false }, undefined],
    ['page hidden', { pageVisible: false }, undefined],
    ['idle past the activity window', { lastActivity: NOW - 30_001 }, undefined],
    ['no activity yet', { lastActivity: undefined }, undefined],
    ['nothing open', { openConversation: undefined }, undefined],
    ['focused a moment ago: no dwell for this', { focusedSince: NOW }, chatWith('alice@x')],
  ] as const)('%s', (_name, change, expected) => {
    expect(readingConversation({ ...reading, ...change }, T)).toEqual(expected);
  });
});

describe('countsAsVisible', () => {
  const cases: [string, boolean, number, number, boolean][] = [
    ['not intersecting', false, 0, 0, false],
    ['half of a short row', true, 0.5, 20, true],
    ['just under half of a short row', true, 0.49, 19, false],
    ['a fifth of a tall row, 100 px', true, 0.2, 100, true],
    ['99 px of a very tall row', true, 0.05, 99, false],
    ['all of it', true, 1, 40, true],
  ];
  it.each(cases)('%s', (_name, isIntersecting, intersectionRatio, intersectionHeight, expected) => {
    expect(countsAsVisible({ isIntersecting, intersectionRatio, intersectionHeight })).toBe(expected);
  });
});

describe('ActivityClock', () => {
  it('keeps the start of the current run of activity', () => {
    const clock = new ActivityClock(1_000);
    expect(clock.lastActivity).toBeUndefined();
    clock.record(100);
    clock.record(900);
    clock.record(1_800); // 900 ms gap: same run
    expect({ since: clock.activeSince, last: clock.lastActivity }).toEqual({ since: 100, last: 1_800 });
    clock.record(2_801); // 1001 ms gap: a new run
    expect({ since: clock.activeSince, last: clock.lastActivity }).toEqual({ since: 2_801, last: 2_801 });
  });
});

describe('reading timing overrides', () => {
  it.each([
    [null, DEFAULT_TIMING],
    ['not json', DEFAULT_TIMING],
    ['[1,2]', DEFAULT_TIMING],
    ['{"dwellMs":100}', { ...DEFAULT_TIMING, dwellMs: 100 }],
    ['{"dwellMs":0,"focusDwellMs":5,"activityMs":700}', { dwellMs: 0, focusDwellMs: 5, activityMs: 700 }],
    ['{"dwellMs":-1,"activityMs":"5","focusDwellMs":null}', DEFAULT_TIMING],
  ])('%s', (json, expected) => {
    expect(parseTiming(json)).toEqual(expected);
  });
});
