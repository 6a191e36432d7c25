import { describe, expect, it } from 'vitest';
import { mergeDraft, parseOpenRequest } from '../../src-renderer/app/open-request';

describe('parseOpenRequest', () => {
  it('keeps well-formed requests', () => {
    expect(parseOpenRequest({ kind: 'chat', peer: 'romeo@montague.lit' })).toEqual({ kind: 'chat', peer: 'romeo@montague.lit' });
    expect(parseOpenRequest({ kind: 'chat', peer: 'romeo@montague.lit', at: { stanzaId: 'S1', clientId: 'c1', timestamp: 5 }, draft: 'hi' })).toEqual({
      kind: 'chat', peer: 'romeo@montague.lit', at: { stanzaId: 'S1', clientId: 'c1', timestamp: 5 }, draft: 'hi',
    });
    expect(parseOpenRequest({ kind: 'add-contact', peer: 'juliet@capulet.lit', name: ' Juliet ' })).toEqual({ kind: 'add-contact', peer: 'juliet@capulet.lit', name: 'Juliet' });
    expect(parseOpenRequest({ kind: 'add-contact', peer: 'juliet@capulet.lit', name: '' })).toEqual({ kind: 'add-contact', peer: 'juliet@capulet.lit' });
  });

  it('drops malformed parts and requests', () => {
    expect(parseOpenRequest({ kind: 'chat', peer: 'romeo@montague.lit', at: { stanzaId: 'S1' }, draft: '  ' })).toEqual({ kind: 'chat', peer: 'romeo@montague.lit' });
    for (const bad of [null, 'x', {}, { kind: 'chat' }, { kind: 'chat', peer: 'not a jid' }, { kind: 'chat', peer: 'a@b.c/res' }, { kind: 'other', peer: 'a@b.c' }]) {
      expect(parseOpenRequest(bad)).toBeUndefined();
    }
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
