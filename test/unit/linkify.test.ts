import { describe, expect, it } from 'vitest';
import { linkify, linkHref, type TextPart } from '../../src-renderer/ui/linkify';

const text = (t: string): TextPart => ({ kind: 'text', text: t });
const link = (t: string, href: string): TextPart => ({ kind: 'link', text: t, href });

describe('linkify', () => {
  it.each<[string, TextPart[]]>([
    ['', []],
    ['hello', [text('hello')]],
    ['see https://example.com', [text('see '), link('https://example.com', 'https://example.com/')]],
    ['http://example.com/a?b=1#c', [link('http://example.com/a?b=1#c', 'http://example.com/a?b=1#c')]],
    ['go to www.example.org.', [text('go to '), link('www.example.org', 'https://www.example.org/'), text('.')]],
    ['(https://example.com/x)', [text('('), link('https://example.com/x', 'https://example.com/x'), text(')')]],
    ['https://en.wikipedia.org/wiki/Foo_(bar), ok', [link('https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'), text(', ok')]],
    ['mail mailto:a@example.com!', [text('mail '), link('mailto:a@example.com', 'mailto:a@example.com'), text('!')]],
    [
      'a https://a.example b http://b.example',
      [text('a '), link('https://a.example', 'https://a.example/'), text(' b '), link('http://b.example', 'http://b.example/')],
    ],
    ['line1\nhttps://x.example\nline3', [text('line1\n'), link('https://x.example', 'https://x.example/'), text('\nline3')]],
    ['“https://example.com”', [text('“'), link('https://example.com', 'https://example.com/'), text('”')]],
  ])('%j', (input, expected) => {
    expect(linkify(input)).toEqual(expected);
  });

  it('leaves other schemes as text', () => {
    for (const input of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com', 'data:text/html,<b>x</b>', 'xmpp:a@b']) {
      expect(linkify(input)).toEqual([text(input)]);
    }
  });

  it('does not start a link inside a word', () => {
    expect(linkify('xhttps://example.com')).toEqual([text('xhttps://example.com')]);
    expect(linkify('foo.www.example.com')).toEqual([text('foo.www.example.com')]);
  });

  it('keeps markup as text', () => {
    expect(linkify('<img src=x onerror=alert(1)> https://e.example/<b>')).toEqual([
      text('<img src=x onerror=alert(1)> '),
      link('https://e.example/', 'https://e.example/'),
      text('<b>'),
    ]);
  });

  it('gives back the input when the parts are joined', () => {
    const input = 'Check www.a.example, (http://b.example/x) and mailto:c@d.example.\nThanks!';
    expect(
      linkify(input)
        .map((p) => p.text)
        .join(''),
    ).toBe(input);
  });
});

describe('linkHref', () => {
  it('accepts http, https, mailto and bare www', () => {
    expect(linkHref('HTTPS://Example.COM/Path')).toBe('https://example.com/Path');
    expect(linkHref('www.example.com')).toBe('https://www.example.com/');
    expect(linkHref('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });
  it('refuses anything else', () => {
    expect(linkHref('javascript:alert(1)')).toBeUndefined();
    expect(linkHref('mailto:nobody')).toBeUndefined();
    expect(linkHref('http://')).toBeUndefined();
  });
});
