import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { chatWith, roomAt } from '../../src-shared/conversation';
import { ActionQueue, type ActionOutcome } from '../../src-renderer/app/action-queue';
import type { QueuedAction } from '../../src-renderer/history';
import { historyTest } from '../support/fixtures/history';

/** Our message actions made offline are kept (in history too) and go out in order once the connection is back. */
describe('ActionQueue', () => {
  const react = (id: string, emojis: string[] = ['👍']): QueuedAction => ({
    command: 'react',
    request: { conversation: chatWith('a@b.c'), id, target: 't', emojis },
  });

  function setUp(answer: (action: QueuedAction) => ActionOutcome | 'throw' = () => ({ ok: true, value: undefined })) {
    let online = false;
    const wire: string[] = [];
    const failures: string[] = [];
    const kept: string[][] = [];
    const queue = new ActionQueue({
      invoke: async (action) => {
        if (!online) return { ok: false, error: 'offline' };
        const outcome = answer(action);
        if (outcome === 'throw') throw new Error('bridge closed');
        if (outcome.ok) wire.push(action.request.id);
        return outcome;
      },
      save: async (waiting) => void kept.push(waiting.map((action) => action.request.id)),
      failed: (error) => failures.push(error),
    });
    return { queue, wire, failures, kept, goOnline: () => (online = true) };
  }

  it('keeps what the core answered `offline` (saving each change) and sends it, in order, once the session is back; later ones wait behind it', async () => {
    const { queue, wire, kept, goOnline } = setUp();
    expect(await queue.send(react('a'))).toBe('queued');
    expect(await queue.send(react('b'))).toBe('queued');
    expect(kept.at(-1)).toEqual(['a', 'b']);
    // kept before the first attempt: closing the app at once loses nothing
    expect(kept[0]).toEqual(['a']);
    await queue.flush();
    expect(wire).toEqual([]);
    goOnline();
    await queue.flush();
    expect(wire).toEqual(['a', 'b']);
    expect(kept.at(-1)).toEqual([]);
    expect(queue.hasWaiting).toBe(false);
    expect(await queue.send(react('c'))).toBe('sent');
    expect(wire).toEqual(['a', 'b', 'c']);
  });

  it('treats a call that never reached the core like offline: nothing overtakes it', async () => {
    let throwing = true;
    const { queue, wire, goOnline } = setUp(() => (throwing ? 'throw' : { ok: true, value: undefined }));
    goOnline();
    expect(await queue.send(react('a'))).toBe('queued');
    expect(await queue.send(react('b'))).toBe('queued');
    await queue.flush();
    expect(wire).toEqual([]);
    throwing = false;
    await queue.flush();
    expect(wire).toEqual(['a', 'b']);
  });

  it('reports a refusal, sent at once or while flushing, and sends the rest', async () => {
    const { queue, wire, failures, goOnline } = setUp((action) =>
      action.request.id === 'bad' ? { ok: false, error: 'bad-target' } : { ok: true, value: undefined },
    );
    goOnline();
    expect(await queue.send(react('bad'))).toBe('sent');
    expect(failures).toEqual(['bad-target']);
    queue.restore([react('a'), react('bad'), react('b')]);
    await queue.flush();
    expect(wire).toEqual(['a', 'b']);
    expect(failures).toEqual(['bad-target', 'bad-target']);
  });
});

describe('ActionQueue and rooms not entered yet', () => {
  it('holds back only that room’s actions while it answers not-joined, and sends them once it is entered', async () => {
    let joined = false;
    const wire: string[] = [];
    const queue = new ActionQueue({
      invoke: async (action) => {
        if (action.request.conversation.kind === 'room' && !joined) return { ok: false, error: 'not-joined' };
        wire.push(action.request.id);
        return { ok: true, value: undefined };
      },
      save: async () => undefined,
      failed: () => undefined,
    });
    const room = roomAt('hall@rooms.b.c');
    queue.restore([
      { command: 'react', request: { conversation: room, id: 'r-1', target: 's', emojis: ['🙏'] } },
      { command: 'react', request: { conversation: chatWith('a@b.c'), id: 'c-1', target: 't', emojis: [] } },
      { command: 'retractMessage', request: { conversation: room, id: 'r-2', target: 's', fallback: 'x' } },
    ]);
    expect(await queue.flush()).toBe('stalled');
    expect(wire).toEqual(['c-1']);
    joined = true;
    expect(await queue.flush()).toBe('done');
    expect(wire).toEqual(['c-1', 'r-1', 'r-2']);
  });
});

describe('actions waiting in history', () => {
  historyTest('are kept across closing and opening history again', async ({ open }) => {
    const factory = new IDBFactory();
    const first = await open(factory);
    expect(await first.queuedActions()).toEqual([]);
    const waiting: QueuedAction[] = [
      { command: 'react', request: { conversation: chatWith('a@b.c'), id: 'r-1', target: 't', emojis: ['🙏'] } },
      { command: 'correctMessage', request: { conversation: roomAt('hall@rooms.b.c'), id: 'c-1', target: 'sid-1', body: 'fixed' } },
    ];
    await first.setQueuedActions(waiting);
    first.close();
    const again = await open(factory);
    expect(await again.queuedActions()).toEqual(waiting);
    await again.setQueuedActions([]);
    expect(await again.queuedActions()).toEqual([]);
  });
});
