import { describe, expect, it } from 'vitest';
import { ActionQueue, type ActionOutcome } from '../../src-renderer/app/action-queue';

/** Our message actions made offline are kept and go out in order once the connection is back. */
describe('ActionQueue', () => {
  function setUp() {
    let online = false;
    const wire: string[] = [];
    const failures: string[] = [];
    const queue = new ActionQueue((error) => failures.push(error));
    const action = (name: string, refusal?: 'bad-target') => async (): Promise<ActionOutcome> => {
      if (!online) return { ok: false, error: 'offline' };
      if (refusal) return { ok: false, error: refusal };
      wire.push(name);
      return { ok: true, value: undefined };
    };
    return { queue, wire, failures, action, goOnline: () => (online = true) };
  }

  it('keeps what the core answered `offline` and sends it, in order, after the session is back; later ones wait behind it', async () => {
    const { queue, wire, action, goOnline } = setUp();
    expect(await queue.send(action('react 👍'))).toBe('queued');
    expect(await queue.send(action('edit'))).toBe('queued');
    expect(queue.hasWaiting).toBe(true);
    await queue.flush();
    expect(wire).toEqual([]);
    goOnline();
    await queue.flush();
    expect(wire).toEqual(['react 👍', 'edit']);
    expect(queue.hasWaiting).toBe(false);
    expect(await queue.send(action('delete'))).toEqual({ ok: true, value: undefined });
    expect(wire).toEqual(['react 👍', 'edit', 'delete']);
  });

  it('treats a call that never reached the core like offline', async () => {
    const { queue, wire, action, goOnline } = setUp();
    expect(await queue.send(async () => ({ ok: false, error: 'unreachable' }))).toBe('queued');
    await queue.send(action('last'));
    await queue.flush();
    expect(wire).toEqual([]);
    goOnline();
    // the first one still cannot reach the core: nothing overtakes it
    await queue.flush();
    expect(wire).toEqual([]);
    expect(queue.hasWaiting).toBe(true);
  });

  it('answers a refusal at once when nothing waits', async () => {
    const { queue, failures, action, goOnline } = setUp();
    goOnline();
    expect(await queue.send(action('x', 'bad-target'))).toEqual({ ok: false, error: 'bad-target' });
    expect(failures).toEqual([]);
    expect(queue.hasWaiting).toBe(false);
  });

  it('reports a refusal met while flushing, and sends the rest', async () => {
    const { queue, wire, failures, action, goOnline } = setUp();
    await queue.send(action('first'));
    await queue.send(action('refused', 'bad-target'));
    await queue.send(action('last'));
    goOnline();
    await queue.flush();
    expect(wire).toEqual(['first', 'last']);
    expect(failures).toEqual(['bad-target']);
  });
});
