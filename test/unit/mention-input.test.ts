import { describe, expect, it } from 'vitest';
import { completeMention, mentionQuery, mentionsIn, suggestNicks, MAX_SUGGESTIONS } from '../../src-renderer/ui/rooms/mention-input';

describe('mentioning in a room’s composer', () => {
  it.each([
    ['@', 1, { start: 0, query: '' }],
    ['hi @ol', 6, { start: 3, query: 'ol' }],
    ['hi @ol and', 6, { start: 3, query: 'ol' }],
    ['(@Ol', 4, { start: 1, query: 'Ol' }],
    ['hi @ol and', 10, undefined],
    ['mail alice@example.org', 22, undefined],
    ['no at sign', 10, undefined],
  ] as const)('%j with the caret at %i → %j', (text, caret, query) => {
    expect(mentionQuery(text, caret)).toEqual(query);
  });

  it('offers nicknames that begin with the query first, then those containing it, never ours', () => {
    const nicks = ['Olive', 'bob', 'Carol', 'oliver', 'Me', 'Pol'];
    expect(suggestNicks(nicks, 'ol', 'Me', 'en')).toEqual(['Olive', 'oliver', 'Carol', 'Pol']);
    expect(suggestNicks(nicks, '', 'Me', 'en')).toEqual(['bob', 'Carol', 'Olive', 'oliver', 'Pol']);
    expect(
      suggestNicks(
        Array.from({ length: 50 }, (_, i) => `n${i}`),
        'n',
        '',
        'en',
      ),
    ).toHaveLength(MAX_SUGGESTIONS);
  });

  it('puts the nickname and a space where the @query was', () => {
    expect(completeMention('hi @ol', 3, 6, 'Olive')).toEqual({ text: 'hi Olive ', caret: 9 });
    expect(completeMention('hi @ol how are you', 3, 6, 'Olive')).toEqual({ text: 'hi Olive how are you', caret: 9 });
  });

  it('finds the chosen nicknames as whole words, in code points, the longer nickname winning', () => {
    expect(mentionsIn('🌙 Olive, Anna and Ann: see Olive', ['Olive', 'Ann', 'Anna'])).toEqual([
      { begin: 2, end: 7, nick: 'Olive' },
      { begin: 9, end: 13, nick: 'Anna' },
      { begin: 18, end: 21, nick: 'Ann' },
      { begin: 27, end: 32, nick: 'Olive' },
    ]);
    expect(mentionsIn('Olivetti is not Olive2', ['Olive'])).toEqual([]);
    expect(mentionsIn('deleted the name', ['Olive'])).toEqual([]);
  });
});
