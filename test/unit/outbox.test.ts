import { describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../src-renderer/history';
import { retryMessage, sendMessage, UNREACHABLE, type OutboxHistory } from '../../src-renderer/app/outbox';

function fakes(answer: () => Promise<unknown>) {
  const log: string[] = [];
  const history: OutboxHistory = {
    addOutgoing: vi.fn(async (m) => {
      log.push(`add ${m.id}`);
      return { key: 'key1', peer: m.peer, direction: 'out', from: m.from, id: m.id, originId: m.id, body: m.body, timestamp: 1, order: 1, status: 'pending', read: true } satisfies StoredMessage;
    }),
    setStatus: vi.fn(async (key, status, error) => void log.push(`status ${key} ${status}${error ? ' ' + error : ''}`)),
  };
  const bridge = {
    invoke: vi.fn(async (name: string, request: unknown) => {
      log.push(`invoke ${name} ${JSON.stringify(request)}`);
      return answer();
    }),
  };
  return { log, history, bridge: bridge as unknown as Parameters<typeof sendMessage>[0] };
}

describe('sendMessage', () => {
  it('stores the row before the core sees it, and leaves it pending until the server acknowledges it', async () => {
    const { log, history, bridge } = fakes(async () => ({ ok: true, value: undefined }));
    const row = await sendMessage(bridge, history, { peer: 'bob@example.org', from: 'me@example.org', body: 'hi' });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    // no 'sent' here: the core's `sent` status (the server's stream management ack) moves it on
    expect(log).toEqual([`add ${row.id}`, `invoke sendMessage {"peer":"bob@example.org","body":"hi","id":"${row.id}"}`]);
  });

  it('marks the row failed with the core’s error', async () => {
    const { log, history, bridge } = fakes(async () => ({ ok: false, error: 'offline' }));
    await sendMessage(bridge, history, { peer: 'bob@example.org', from: 'me@example.org', body: 'hi' });
    expect(log.at(-1)).toBe('status key1 failed offline');
  });

  it('throws (and marks failed) when the bridge call throws', async () => {
    const { log, history, bridge } = fakes(async () => {
      throw new Error('lost');
    });
    await expect(sendMessage(bridge, history, { peer: 'bob@example.org', from: 'me@example.org', body: 'hi' })).rejects.toThrow('lost');
    expect(log.at(-1)).toBe(`status key1 failed ${UNREACHABLE}`);
  });

  it('throws without calling the core when the row cannot be stored', async () => {
    const { history, bridge } = fakes(async () => ({ ok: true, value: undefined }));
    history.addOutgoing = async () => {
      throw new Error('QuotaExceededError');
    };
    await expect(sendMessage(bridge, history, { peer: 'b@x.org', from: 'me@x.org', body: 'hi' })).rejects.toThrow('Quota');
    expect(bridge.invoke).not.toHaveBeenCalled();
  });

  it('retries a failed message with its original id', async () => {
    const { log, history, bridge } = fakes(async () => ({ ok: true, value: undefined }));
    const failed: StoredMessage = { key: 'k9', peer: 'b@x.org', direction: 'out', from: 'me@x.org', id: 'orig-id-1', originId: 'orig-id-1', body: 'again', timestamp: 1, order: 1, status: 'failed', error: 'offline', read: true };
    await retryMessage(bridge, history, failed);
    expect(log).toEqual(['status k9 pending', 'invoke sendMessage {"peer":"b@x.org","body":"again","id":"orig-id-1"}']);
  });
});
