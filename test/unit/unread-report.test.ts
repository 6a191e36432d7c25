import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import { UnreadReporter, unreadTotal } from '../../src-renderer/app/unread-report';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('UnreadReporter', () => {
  it('reports once after start, then only changes, debounced', async () => {
    const sent: number[] = [];
    const reporter = new UnreadReporter(async (total) => void sent.push(total), 100);
    reporter.update(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([0]);
    reporter.update(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([0]);
    // a burst of changes is one report, of the last value
    for (const total of [1, 2, 3, 4]) reporter.update(total);
    await vi.advanceTimersByTimeAsync(99);
    expect(sent).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([0, 4]);
    // up and back down within the delay: nothing changed, nothing sent
    reporter.update(7);
    reporter.update(4);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([0, 4]);
  });

  it('retries a failed report with the next update', async () => {
    const sent: number[] = [];
    let fail = true;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const reporter = new UnreadReporter(async (total) => {
      if (fail) throw new Error('no core');
      sent.push(total);
    }, 10);
    reporter.update(3);
    await vi.advanceTimersByTimeAsync(10);
    fail = false;
    reporter.update(3);
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual([3]);
  });

  it('sums the counters', () => {
    expect(unreadTotal([{ unread: 2 }, { unread: 0 }, { unread: 5 }])).toBe(7);
    expect(unreadTotal([])).toBe(0);
  });

  it('leaves muted conversations out of the badge total', () => {
    const rows = [
      { conversation: chatWith('a@x.org'), unread: 2 },
      { conversation: chatWith('m@x.org'), unread: 40 },
      { conversation: chatWith('b@x.org'), unread: 1 },
    ];
    expect(unreadTotal(rows, (conversation) => (conversation.jid === 'm@x.org' ? 'all' : 'none'))).toBe(3);
  });

  it('counts only the unread mentions of a room set to mentions only', () => {
    const rows = [
      { conversation: roomAt('all@rooms.x.org'), unread: 4, mentions: 1 },
      { conversation: roomAt('quiet@rooms.x.org'), unread: 30, mentions: 2 },
      { conversation: roomAt('muted@rooms.x.org'), unread: 9, mentions: 3 },
    ];
    const setting = { all: 'none', quiet: 'mentions', muted: 'all' } as const;
    expect(unreadTotal(rows, (conversation) => setting[conversation.jid.split('@')[0] as keyof typeof setting])).toBe(6);
  });
});
