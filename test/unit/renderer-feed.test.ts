import { describe, expect, it } from 'vitest';
import type { EphemeralEvent, NumberedHistoryEvent, Snapshot } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { RendererFeed } from '../../src-main/core/renderer-feed';

const ROMEO = chatWith('romeo@montague.lit');
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function feedUnderTest() {
  const history: NumberedHistoryEvent[][] = [];
  const ephemeral: EphemeralEvent[][] = [];
  const snapshots: Snapshot[] = [];
  const observed: NumberedHistoryEvent[][] = [];
  const feed = new RendererFeed(
    (name, payload) => {
      if (name === 'history') history.push(payload as NumberedHistoryEvent[]);
      else if (name === 'ephemeral') ephemeral.push(payload as EphemeralEvent[]);
      else snapshots.push(payload as Snapshot);
    },
    () => ({ contacts: [] }) as unknown as Snapshot,
  );
  feed.observe((batch) => observed.push([...batch]));
  return { feed, history, ephemeral, snapshots, observed };
}

function pushStatusesAndReadPoints(feed: RendererFeed, count: number) {
  for (let i = 0; i < count; i += 1) {
    if (i % 2 === 0) feed.statuses([{ conversation: ROMEO, id: `m-${i}`, status: 'delivered', at: i }]);
    else feed.readPoints([{ conversation: ROMEO, messageId: `m-${i}`, source: 'carbon-marker' }]);
  }
}

describe('the renderer feed', () => {
  it('keeps 10,000 unacknowledged statuses and read points, and replays every one, in order', async () => {
    const { feed, history } = feedUnderTest();
    pushStatusesAndReadPoints(feed, 10_000);
    await feed.flushed();
    expect(history).toHaveLength(1);
    expect(feed.unacknowledged).toBe(10_000);
    feed.replay();
    await feed.flushed();
    const replayed = history[1];
    expect(replayed.map((e) => e.seq)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(replayed[0]).toEqual({ kind: 'status', seq: 1, status: { conversation: ROMEO, id: 'm-0', status: 'delivered', at: 0 } });
    expect(replayed[9_999]).toEqual({ kind: 'readPoint', seq: 10_000, readPoint: { conversation: ROMEO, messageId: 'm-9999', source: 'carbon-marker' } });
  });

  it('forgets exactly what a cumulative acknowledgement covers', async () => {
    const { feed, history } = feedUnderTest();
    pushStatusesAndReadPoints(feed, 3_000);
    await feed.flushed();
    feed.acknowledge(1_999);
    expect(feed.unacknowledged).toBe(1_001);
    feed.acknowledge(10); // an older acknowledgement forgets nothing more
    feed.replay();
    await feed.flushed();
    expect(history.at(-1)!.map((e) => e.seq)).toEqual(Array.from({ length: 1_001 }, (_, i) => i + 2_000));
    // Nothing is forgotten that was not sent yet, whatever number the renderer names.
    feed.readPoints([{ conversation: ROMEO, messageId: 'later', source: 'carbon-marker' }]);
    feed.acknowledge(1_000_000);
    expect(feed.unacknowledged).toBe(1);
    await feed.flushed();
    expect(history.at(-1)!.map((e) => e.seq)).toEqual([3_001]);
    feed.acknowledge(3_001);
    expect(feed.unacknowledged).toBe(0);
    feed.replay();
    await nextTurn();
    expect(history).toHaveLength(3);
  });

  it('numbers consecutively and sends a burst as one batch, in arrival order; the observers see it once, never a replay', async () => {
    const { feed, history, observed } = feedUnderTest();
    const message = {
      conversation: ROMEO,
      direction: 'in',
      sender: { jid: ROMEO.jid },
      from: `${ROMEO.jid}/phone`,
      id: 'm-1',
      body: 'hi',
      timestamp: 1,
      via: 'live',
      markable: true,
    } as const;
    feed.message(message);
    feed.statuses([{ conversation: ROMEO, id: 'm-0', status: 'read', at: 2 }]);
    feed.message({ ...message, id: 'm-2' });
    expect(feed.lastSeq).toBe(3);
    expect(history).toHaveLength(0);
    await feed.flushed();
    expect(history).toEqual([
      [
        { kind: 'message', seq: 1, message },
        { kind: 'status', seq: 2, status: { conversation: ROMEO, id: 'm-0', status: 'read', at: 2 } },
        { kind: 'message', seq: 3, message: { ...message, id: 'm-2' } },
      ],
    ]);
    expect(observed).toEqual(history);
    expect(feed.unacknowledgedMessages).toBe(2);
    // A renderer restarts while a new event waits: the replay carries it once, the observers see only it.
    feed.replay();
    feed.readPoints([{ conversation: ROMEO, messageId: 'm-2', source: 'carbon-marker' }]);
    await feed.flushed();
    expect(history.at(-1)!.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(observed.at(-1)!.map((e) => e.seq)).toEqual([4]);
    feed.acknowledge(4);
    expect(feed.unacknowledgedMessages).toBe(0);
  });

  it('never keeps ephemeral events, and sends only the newest per contact within a batch', async () => {
    const { feed, ephemeral, history } = feedUnderTest();
    feed.ephemeral({ kind: 'presence', jid: 'romeo@montague.lit', presence: 'away' });
    feed.ephemeral({ kind: 'presence', jid: 'nurse@capulet.lit', presence: 'available' });
    feed.ephemeral({ kind: 'presence', jid: 'romeo@montague.lit', presence: 'dnd', status: 'busy' });
    await feed.flushed();
    expect(ephemeral).toEqual([
      [
        { kind: 'presence', jid: 'nurse@capulet.lit', presence: 'available' },
        { kind: 'presence', jid: 'romeo@montague.lit', presence: 'dnd', status: 'busy' },
      ],
    ]);
    feed.replay();
    await nextTurn();
    expect(ephemeral).toHaveLength(1);
    expect(history).toHaveLength(0);
    expect(feed.unacknowledged).toBe(0);
  });

  it('sends a changed snapshot once per turn, before the history of that turn', async () => {
    const order: string[] = [];
    const feed = new RendererFeed(
      (name) => order.push(name),
      () => ({}) as Snapshot,
    );
    feed.readPoints([{ conversation: ROMEO, messageId: 'm-1', source: 'carbon-marker' }]);
    feed.snapshotChanged();
    feed.snapshotChanged();
    await feed.flushed();
    expect(order).toEqual(['snapshot', 'history']);
  });
});
