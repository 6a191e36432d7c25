import { describe, expect, it } from 'vitest';
import { drivingPart, highlightPieces, indexTerms, matchesAll, matchRanges, queryParts } from '../../src-renderer/history/search/terms';

describe('search terms', () => {
  it.each([
    ['Hello', ['he', 'hel', 'hell', 'hello']],
    ['internationalisation', ['in', 'int', 'inte', 'inter', 'intern', 'interna', 'internat']],
    ['a b', []],
    ['Café 42', ['ca', 'caf', 'café', '42']],
    ['我们明天见', ['我们', '们明', '明天', '天见']],
    ['Hi 世界 ok', ['hi', '世界', 'ok']],
    ['ＡＢＣ', ['ab', 'abc']],
    ['见', []],
    ['我用Glance聊天', ['我用', 'gl', 'gla', 'glan', 'glanc', 'glance', '聊天']],
    ['Re: 2nd_try, x-ray!', ['re', '2n', '2nd', 'tr', 'try', 'ra', 'ray']],
  ])('%s is indexed as %j', (text, terms) => {
    expect(indexTerms(text).sort()).toEqual([...terms].sort());
  });

  it('indexes ASCII text as the general path does', () => {
    const text = 'Re: 2nd_try, x-ray! Meeting@10 WITH tab\tand\nnew line ~ {braces} internationalisation';
    // Any non-ASCII character takes the general path; a trailing one that forms no term changes nothing.
    expect(indexTerms(text).sort()).toEqual(indexTerms(`${text} ·`).sort());
  });

  it('splits a query into word prefixes and Chinese runs, dropping single characters', () => {
    expect(queryParts('Hel x 明天见')).toEqual([
      { text: 'hel', cjk: false, term: 'hel' },
      { text: '明天见', cjk: true, term: '明天' },
    ]);
    expect(queryParts('internationalisation')[0]!.term).toBe('internat');
    expect(queryParts('a 见')).toEqual([]);
  });

  it('drives a search by its longest word prefix', () => {
    expect(drivingPart(queryParts('to meeting 明天'))!.text).toBe('meeting');
    expect(drivingPart(queryParts('明天'))!.text).toBe('明天');
  });

  it.each([
    ['hello world', 'hel', true],
    ['hello world', 'wor hel', true],
    ['hello world', 'ello', false],
    ['say HELLO', 'hello', true],
    ['我们明天见面', '天见', true],
    ['我们明天见面', '明天见', true],
    ['我们明天 见面', '天见', false],
    ['see you 明天', 'see 明天', true],
    ['see you 明天', 'see 后天', false],
    ['我用Glance聊天', '聊天', true],
    ['我用Glance聊天', 'glan', true],
    ['internationalisation', 'internationalization', false],
    ['internationalisation', 'internationalis', true],
  ])('%s matches %s: %s', (text, query, expected) => {
    expect(matchesAll(text, queryParts(query))).toBe(expected);
  });

  it('marks word starts and Chinese runs in the text as shown', () => {
    const text = 'Hello, hello there; othello 我们明天见';
    const ranges = matchRanges(text, queryParts('hel 明天'));
    expect(ranges.map(([start, end]) => text.slice(start, end))).toEqual(['Hel', 'hel', '明天']);
    expect(matchRanges('我用Glance聊天', queryParts('glan 聊天'))).toEqual([
      [2, 6],
      [8, 10],
    ]);
    expect(highlightPieces('ab cd', [[3, 5]])).toEqual([
      { text: 'ab ', mark: false },
      { text: 'cd', mark: true },
    ]);
  });
});
