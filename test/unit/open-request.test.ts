import { describe, expect, it } from 'vitest';
import { mergeDraft, parseOpenRequest } from '../../src-renderer/app/open-request';

describe('parseOpenRequest', () => {
  const romeo = { kind: 'chat', jid: 'romeo@montague.lit' } as const;

  it('keeps well-formed requests', () => {
    expect(parseOpenRequest({ kind: 'conversation', conversation: romeo })).toEqual({ kind: 'conversation', conversation: romeo });
    expect(parseOpenRequest({ kind: 'conversation', conversation: romeo, at: { stanzaId: 'S1', clientId: 'c1', timestamp: 5 }, draft: 'hi' })).toEqual({
      kind: 'conversation',
      conversation: romeo,
      at: { stanzaId: 'S1', clientId: 'c1', timestamp: 5 },
      draft: 'hi',
    });
    const room = { kind: 'room', jid: 'verona@rooms.montague.lit' } as const;
    expect(parseOpenRequest({ kind: 'conversation', conversation: { ...room, extra: 1 } })).toEqual({ kind: 'conversation', conversation: room });
    expect(parseOpenRequest({ kind: 'add-contact', peer: 'juliet@capulet.lit', name: ' Juliet ' })).toEqual({
      kind: 'add-contact',
      peer: 'juliet@capulet.lit',
      name: 'Juliet',
    });
    expect(parseOpenRequest({ kind: 'add-contact', peer: 'juliet@capulet.lit', name: '' })).toEqual({ kind: 'add-contact', peer: 'juliet@capulet.lit' });
    // An `xmpp:room@service?join` link: the join dialog, filled in.
    expect(parseOpenRequest({ kind: 'join-room', room: 'verona@rooms.montague.lit' })).toEqual({ kind: 'join-room', room: 'verona@rooms.montague.lit' });
    expect(parseOpenRequest({ kind: 'join-room', room: 'verona@rooms.montague.lit', password: 'sesame' })).toEqual({
      kind: 'join-room',
      room: 'verona@rooms.montague.lit',
      password: 'sesame',
    });
  });

  it('drops malformed parts and requests', () => {
    expect(parseOpenRequest({ kind: 'conversation', conversation: romeo, at: { stanzaId: 'S1' }, draft: '  ' })).toEqual({
      kind: 'conversation',
      conversation: romeo,
    });
    const bad = [
      null,
      'x',
      {},
      { kind: 'conversation' },
      { kind: 'conversation', conversation: 'romeo@montague.lit' },
      { kind: 'conversation', conversation: { kind: 'chat', jid: 'not a jid' } },
      { kind: 'conversation', conversation: { kind: 'chat', jid: 'a@b.c/res' } },
      { kind: 'conversation', conversation: { kind: 'chat', jid: 'Romeo@Montague.lit' } },
      { kind: 'conversation', conversation: { kind: 'group', jid: 'a@b.c' } },
      // the contract before conversations
      { kind: 'chat', peer: 'romeo@montague.lit' },
      { kind: 'other', conversation: romeo },
      { kind: 'add-contact', peer: 'not a jid' },
      { kind: 'join-room', room: 'not a room' },
      { kind: 'join-room' },
    ];
    for (const request of bad) expect(parseOpenRequest(request)).toBeUndefined();
  });
});

describe('mergeDraft', () => {
  it('fills an empty composer, never loses what is written, and does not repeat a draft', () => {
    expect(mergeDraft('', 'hello')).toBe('hello');
    expect(mergeDraft('  \n', 'hello')).toBe('hello');
    expect(mergeDraft('already hello there', 'hello')).toBe('already hello there');
    expect(mergeDraft('mine  ', 'hello')).toBe('mine\nhello');
  });
});
