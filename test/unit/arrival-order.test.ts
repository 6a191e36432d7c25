import { describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import { ArrivalOrder } from '../../src-main/core/arrival-order';
import type { ArchivedMessage } from '../../src-main/core/archive/mam-codec';
import { chatWith } from '../../src-shared/conversation';

const archived = (stanzaId: string, timestamp: number | undefined, follows?: string): ArchivedMessage => ({
  stanzaId,
  timestamp,
  message: xml('message'),
  ...(follows ? { follows } : {}),
});

describe('ArrivalOrder on the stream', () => {
  it.each([
    ['no stamp: now', undefined, 12_300, 12_300],
    ['a whole-second stamp counts as the end of its second', 12_000, 13_500, 12_999],
    ['but never later than now', 12_000, 12_500, 12_500],
    ['a millisecond stamp as it is', 11_250, 12_800, 11_250],
    ['a stamp from the future is now', 99_000, 12_800, 12_800],
  ])('%s', (_, stamp, now, expected) => {
    expect(new ArrivalOrder().streamTimestamp(chatWith('a@x.org'), undefined, stamp, now)).toBe(expected);
  });

  it('never moves a conversation back: a later stanza with an earlier stamp sorts after', () => {
    const order = new ArrivalOrder();
    expect(order.streamTimestamp(chatWith('a@x.org'), 'S1', undefined, 12_300)).toBe(12_300);
    // resent after a resumption, stamped with the second it was queued
    expect(order.streamTimestamp(chatWith('a@x.org'), 'S2', 12_000, 12_400)).toBe(12_400);
    // another conversation is not held back, nor a room at the same address
    expect(order.streamTimestamp({ kind: 'room', jid: 'a@x.org' }, 'S4', 10_000, 12_500)).toBe(10_999);
    expect(order.streamTimestamp(chatWith('b@x.org'), 'S3', 10_000, 12_500)).toBe(10_999);
  });
});

describe('ArrivalOrder in an archive walk', () => {
  it('keeps each result no earlier than the one before it, starting after one delivered live', () => {
    const order = new ArrivalOrder();
    order.streamTimestamp(chatWith('a@x.org'), 'LIVE', undefined, 12_700);
    expect(order.archiveTimestamp(archived('A1', 12_000, 'LIVE'), 20_000)).toBe(12_700);
    expect(order.archiveTimestamp(archived('A2', 12_000, 'A1'), 20_000)).toBe(12_700);
    expect(order.archiveTimestamp(archived('A3', 13_000, 'A2'), 20_000)).toBe(13_000);
    // a walk from an unknown point keeps the archive's stamps; no stamp at all is now
    expect(order.archiveTimestamp(archived('B1', 5_000, 'UNKNOWN'), 20_000)).toBe(5_000);
    expect(order.archiveTimestamp(archived('B2', undefined), 20_000)).toBe(20_000);
  });
});
