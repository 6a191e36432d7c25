import { describe, expect, it } from 'vitest';
import { formatStepTime, statusTitle } from '../../src-renderer/ui/status-title';

const NOW = new Date(2025, 2, 3, 18, 0).getTime();
const at = (h: number, m: number, day = 3) => new Date(2025, 2, day, h, m).getTime();

describe('statusTitle', () => {
  it('lists each step reached with its time', () => {
    const message = { status: 'read' as const, statusTimes: { sent: at(10, 2), delivered: at(10, 2), read: at(10, 5) } };
    expect(statusTitle(message, 'en', NOW)).toBe(
      `Sent ${formatStepTime(at(10, 2), 'en', NOW)} · Delivered ${formatStepTime(at(10, 2), 'en', NOW)} · Read ${formatStepTime(at(10, 5), 'en', NOW)}`,
    );
    expect(statusTitle(message, 'zh-CN', NOW)).toMatch(/^已发送 .+ · 已送达 .+ · 已读 .+$/u);
  });

  it('skips steps without a known time, and falls back to the status name', () => {
    expect(statusTitle({ status: 'delivered', statusTimes: { delivered: at(9, 0) } }, 'en', NOW)).toMatch(/^Delivered \S/u);
    expect(statusTitle({ status: 'sent' }, 'en', NOW)).toBe('Sent');
    expect(statusTitle({ status: 'read', statusTimes: {} }, 'en', NOW)).toBe('Read');
    expect(statusTitle({ status: 'pending' }, 'en', NOW)).toBe('Pending');
    expect(statusTitle({ status: 'failed', statusTimes: { sent: 1 } }, 'en', NOW)).toBe('Failed');
    expect(statusTitle({}, 'en', NOW)).toBe('Sent');
  });

  it('says a pending message waits for the connection while offline', () => {
    expect(statusTitle({ status: 'pending' }, 'en', NOW, true)).toBe('Pending · Waiting for the connection');
    expect(statusTitle({ status: 'pending' }, 'zh-CN', NOW, true)).toBe('等待发送 · 正在等待连接');
    expect(statusTitle({ status: 'sent' }, 'en', NOW, true)).toBe('Sent');
  });

  it('does not show a step beyond the current status', () => {
    expect(statusTitle({ status: 'sent', statusTimes: { sent: at(10, 0), read: at(11, 0) } }, 'en', NOW)).not.toContain('Read');
  });

  it('shows the date for a step on another day', () => {
    expect(formatStepTime(at(10, 2), 'en', NOW)).not.toMatch(/Mar/u);
    expect(formatStepTime(at(10, 2, 1), 'en', NOW)).toMatch(/Mar/u);
  });
});
