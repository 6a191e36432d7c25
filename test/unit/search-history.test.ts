import { describe, expect } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import type { MessageActionBase } from '../../src-shared/contract';
import type { History } from '../../src-renderer/history';
import { ALICE, BOB, historyTest as it, wire } from '../support/fixtures/history';

const keysOf = async (history: History, query: string, conversation?: ReturnType<typeof chatWith>) =>
  (await history.search(query, conversation ? { conversation } : {})).map((hit) => hit.message.body);

function action(target: string, id: string, timestamp: number): MessageActionBase {
  return { conversation: chatWith(ALICE), target, id, direction: 'in', sender: { jid: ALICE }, from: `${ALICE}/phone`, timestamp, via: 'live' };
}

describe('searching history', () => {
  it('finds words, prefixes and Chinese bigrams, newest first, with where they matched', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages([
      wire({ id: 'a', body: 'Lunch at noon?', timestamp: 1_000 }),
      wire({ id: 'b', body: '我们明天在公司见面', timestamp: 2_000 }),
      wire({ id: 'c', body: 'lunchtime is over', timestamp: 3_000 }),
      wire({ conversation: chatWith(BOB), from: `${BOB}/pc`, sender: { jid: BOB }, id: 'd', body: 'no lunch today', timestamp: 4_000 }),
    ]);
    expect(await keysOf(history, 'lunch')).toEqual(['no lunch today', 'lunchtime is over', 'Lunch at noon?']);
    expect(await keysOf(history, 'LUN no')).toEqual(['no lunch today', 'Lunch at noon?']);
    expect(await keysOf(history, '公司')).toEqual(['我们明天在公司见面']);
    expect(await keysOf(history, '天在公')).toEqual(['我们明天在公司见面']);
    expect(await keysOf(history, '公见')).toEqual([]);
    expect(await keysOf(history, 'unch')).toEqual([]);
    expect(await keysOf(history, 'lunch', chatWith(ALICE))).toEqual(['lunchtime is over', 'Lunch at noon?']);
    const [hit] = await history.search('noon');
    expect(hit!.ranges).toEqual([[9, 13]]);
    expect(hit!.message.conversation).toEqual(chatWith(ALICE));
  });

  it('puts the later of two messages with the same timestamp first, as history orders them', async ({ open }) => {
    const history = await open();
    // Ids chosen so that the index's own tie-break (by key) would put them the other way round.
    await history.storeWireMessages([wire({ id: 'zz', body: 'report one', timestamp: 5_000 })]);
    await history.storeWireMessages([wire({ id: 'aa', body: 'report two', timestamp: 5_000 })]);
    expect(await keysOf(history, 'report')).toEqual(['report two', 'report one']);
  });

  it('finds an edited message by its newest text only, and a retracted one never', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages([
      wire({ id: 'm1', body: 'see you at the station', timestamp: 1_000 }),
      wire({ id: 'm2', body: 'secret plan', timestamp: 2_000 }),
    ]);
    await history.applyActions([
      { kind: 'correction', correction: { ...action('m1', 'c1', 3_000), body: 'see you at the airport' } },
      { kind: 'retraction', retraction: action('m2', 'x1', 4_000) },
    ]);
    expect(await keysOf(history, 'station')).toEqual([]);
    expect(await keysOf(history, 'airport')).toEqual(['see you at the airport']);
    expect(await keysOf(history, 'secret')).toEqual([]);
  });

  it('never indexes a message retracted before it arrived', async ({ open }) => {
    const history = await open();
    await history.applyActions([{ kind: 'retraction', retraction: action('m1', 'x1', 4_000) }]);
    await history.storeWireMessages([wire({ id: 'm1', body: 'secret plan', timestamp: 1_000 })]);
    expect(await keysOf(history, 'secret')).toEqual([]);
  });

  it('answers at most the limit, the newest ones', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages(Array.from({ length: 60 }, (_, i) => wire({ id: `m${i}`, body: `note ${i}`, timestamp: 1_000 + i })));
    const hits = await history.search('note', { limit: 5 });
    expect(hits.map((hit) => hit.message.body)).toEqual(['note 59', 'note 58', 'note 57', 'note 56', 'note 55']);
    expect(await history.search('x')).toEqual([]);
  });

  it('answers the newest hits when messages stored apart overlap in time (an archive page older than one stored before)', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages(Array.from({ length: 50 }, (_, i) => wire({ id: `even${i}`, body: `note ${2 * i + 2}`, timestamp: 2 * i + 2 })));
    await history.storeWireMessages(Array.from({ length: 50 }, (_, i) => wire({ id: `odd${i}`, body: `note ${2 * i + 1}`, timestamp: 2 * i + 1 })));
    const hits = await history.search('note', { limit: 5 });
    expect(hits.map((hit) => hit.message.body)).toEqual(['note 100', 'note 99', 'note 98', 'note 97', 'note 96']);
  });

  it('finds a message by every part of a query, whichever part drives the search (the rarest)', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages([
      wire({ id: 'old', body: 'meeting room 42', timestamp: 1_000 }),
      ...Array.from({ length: 120 }, (_, i) => wire({ id: `m${i}`, body: `meeting number ${i + 100}`, timestamp: 2_000 + i })),
    ]);
    expect(await keysOf(history, 'meeting 42')).toEqual(['meeting room 42']);
    expect(await keysOf(history, 'ro meeting')).toEqual(['meeting room 42']);
    expect(await history.search('meeting nu')).toHaveLength(20);
  });

  it('keeps the other messages stored with an edited or retracted one findable', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages([
      wire({ id: 'm1', body: 'station at nine', timestamp: 1_000 }),
      wire({ id: 'm2', body: 'station at ten', timestamp: 2_000 }),
      wire({ id: 'm3', body: 'station at eleven', timestamp: 3_000 }),
    ]);
    await history.applyActions([
      { kind: 'retraction', retraction: action('m3', 'x1', 4_000) },
      { kind: 'correction', correction: { ...action('m2', 'c1', 5_000), body: 'airport at ten' } },
    ]);
    expect(await keysOf(history, 'station')).toEqual(['station at nine']);
    expect(await keysOf(history, 'at')).toEqual(['airport at ten', 'station at nine']);
    expect(await keysOf(history, 'eleven')).toEqual([]);
    await history.applyActions([{ kind: 'retraction', retraction: action('m1', 'x2', 6_000) }]);
    expect(await keysOf(history, 'at')).toEqual(['airport at ten']);
  });

  it('reads further into the index until it has the hits of one conversation', async ({ open }) => {
    const history = await open();
    const bob = { conversation: chatWith(BOB), from: `${BOB}/pc`, sender: { jid: BOB } };
    await history.storeWireMessages([
      wire({ ...bob, id: 'b1', body: 'note from bob', timestamp: 500 }),
      ...Array.from({ length: 150 }, (_, i) => wire({ id: `m${i}`, body: `note ${i}`, timestamp: 1_000 + i })),
    ]);
    expect(await keysOf(history, 'note', chatWith(BOB))).toEqual(['note from bob']);
    expect(await keysOf(history, 'note bob')).toEqual(['note from bob']);
  });

  it('builds nothing again on a new database: every stored message is indexed as it is stored', async ({ open }) => {
    const history = await open();
    await history.storeWireMessages([
      wire({ id: 'm1', body: 'hello there' }),
      ...Array.from({ length: 120 }, (_, i) => wire({ id: `f${i}`, body: `filler ${i}`, timestamp: 2_000 + i })),
    ]);
    expect(await keysOf(history, 'hello')).toEqual(['hello there']);
    // More messages than one build chunk: a build that walked them would still be going after its first chunk.
    let checks = 0;
    expect(await history.buildSearchIndex(() => checks++ > 0)).toBe(true);
    expect(await keysOf(history, 'there')).toEqual(['hello there']);
  });
});
