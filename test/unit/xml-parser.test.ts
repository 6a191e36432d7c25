import { Element, XMLError } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { firstChildren, type ChildName } from '../../src-main/core/xml/first-children';
import { StreamParser, type StreamParserLimits } from '../../src-main/core/xml/stream-parser';
import type { XmlStreamError } from '../../src-main/core/xml/xml-stream-error';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='capulet.lit' id='s1' version='1.0'>";

interface Run {
  header: Element | undefined;
  stanzas: Element[];
  ended: Element | undefined;
  error: XmlStreamError | undefined;
}

/** Writes the pieces in order and records what the parser emitted. */
function run(pieces: (string | Uint8Array)[], limits?: StreamParserLimits): Run {
  const parser = new StreamParser(limits);
  const result: Run = { header: undefined, stanzas: [], ended: undefined, error: undefined };
  parser.on('start', (element) => (result.header = element));
  parser.on('element', (element) => result.stanzas.push(element));
  parser.on('end', (element) => (result.ended = element));
  parser.on('error', (error) => {
    expect(result.error, 'one error, then nothing').toBeUndefined();
    result.error = error as XmlStreamError;
  });
  for (const piece of pieces) parser.write(piece);
  return result;
}

const stanzas = (...pieces: string[]) => run([HEADER, ...pieces]).stanzas.map(String);
const failure = (...pieces: string[]) => run([HEADER, ...pieces]).error;

describe('StreamParser: the stream', () => {
  it('emits the header, each top-level child with the header as its parent, and the end', () => {
    const r = run([HEADER, "<message to='a@b'><body>hi</body></message>", ' ', '<iq type="result" id="1"/>', '</stream:stream>']);
    expect(r.header).toBeInstanceOf(Element);
    expect(r.header!.name).toBe('stream:stream');
    expect(r.header!.attrs).toStrictEqual({
      xmlns: 'jabber:client',
      'xmlns:stream': 'http://etherx.jabber.org/streams',
      from: 'capulet.lit',
      id: 's1',
      version: '1.0',
    });
    expect(r.stanzas.map(String)).toStrictEqual(['<message to="a@b"><body>hi</body></message>', '<iq type="result" id="1"/>']);
    expect(r.stanzas.every((s) => s.parent === r.header)).toBe(true);
    expect(r.stanzas[0]!.getChild('body')!.parent).toBe(r.stanzas[0]);
    expect(r.stanzas[0]!.is('message', 'jabber:client')).toBe(true);
    expect(r.ended).toBe(r.header);
    expect(r.header!.children).toStrictEqual([]);
  });

  it('keeps namespaces as attributes, as ltx does', () => {
    const [iq] = run([HEADER, "<iq><query xmlns='jabber:iq:roster'><x:item xmlns:x='urn:x' jid='a@b'/></query></iq>"]).stanzas;
    const query = iq!.getChild('query')!;
    expect(query.attrs).toStrictEqual({ xmlns: 'jabber:iq:roster' });
    expect(query.getNS()).toBe('jabber:iq:roster');
    expect((query.children[0] as Element).getNS()).toBe('urn:x');
  });

  it('finds children as ltx does: the first of that local name and namespace, text skipped', () => {
    const [message] = run([
      HEADER,
      "<message>text<x:body xmlns:x='urn:x'>prefixed</x:body><body>plain</body><body xmlns='urn:y'>other</body><request xmlns='urn:y'/><received/></message>",
    ]).stanzas;
    const ltxGetChild = Element.prototype.getChild;
    const queries: [string, string | undefined][] = [
      ['body', undefined],
      ['body', 'jabber:client'],
      ['body', 'urn:x'],
      ['body', 'urn:y'],
      ['request', 'urn:y'],
      ['request', 'urn:z'],
      ['received', 'jabber:client'],
      ['text', undefined],
      ['missing', undefined],
    ];
    const found = queries.map(([name, xmlns]) => message!.getChild(name, xmlns));
    expect(found).toStrictEqual(queries.map(([name, xmlns]) => ltxGetChild.call(message, name, xmlns)));
    expect(found.map((child) => child?.getText())).toStrictEqual(['prefixed', 'plain', 'prefixed', 'other', '', undefined, '', undefined, undefined]);
    expect(queries.map(([name, xmlns]) => message!.getChildText(name, xmlns))).toStrictEqual([
      'prefixed',
      'plain',
      'prefixed',
      'other',
      '',
      null,
      '',
      null,
      null,
    ]);
  });

  it('finds several children in one pass as getChild finds each', () => {
    const [message] = run([
      HEADER,
      "<message>text<x:body xmlns:x='urn:x'>prefixed</x:body><body>plain</body><body xmlns='urn:y'>other</body><request xmlns='urn:y'/><request xmlns='urn:y'/><received/></message>",
    ]).stanzas;
    const wanted: ChildName[] = [
      ['body', 'jabber:client'],
      ['body', 'urn:x'],
      ['body', 'urn:y'],
      ['request', 'urn:y'],
      ['request', 'urn:z'],
      ['received', 'jabber:client'],
      ['text', 'jabber:client'],
    ];
    const found = firstChildren(message!, wanted);
    expect(found).toStrictEqual(wanted.map(([name, xmlns]) => Element.prototype.getChild.call(message, name, xmlns)));
    expect(found.map((child) => child?.getText())).toStrictEqual(['plain', 'prefixed', 'other', '', undefined, '', undefined]);
    expect(found[3]).toBe(message!.children[4]);
  });

  it('finds a child of any namespace when none is asked for, as getChild does', () => {
    const [message] = run([HEADER, "<message><x:body xmlns:x='urn:x'>prefixed</x:body><body>plain</body><origin-id xmlns='urn:y'/></message>"]).stanzas;
    const wanted: ChildName[] = [
      ['body', undefined],
      ['origin-id', undefined],
      ['origin-id', 'urn:y'],
      ['body', 'jabber:client'],
    ];
    const found = firstChildren(message!, wanted);
    expect(found).toStrictEqual(wanted.map(([name, xmlns]) => Element.prototype.getChild.call(message, name, xmlns)));
    expect(found.map((child) => child?.getText())).toStrictEqual(['prefixed', '', '', 'plain']);
  });

  it('reads known names and any other name alike (known names)', () => {
    const text =
      "<message from='a@b' to='c@d' id='1' type='chat' xml:lang='en' fro='x' fromm='y' i='z'><body>hi</body><bodyx/><x:body xmlns:x='urn:x'/><iq/><iqq/><origin-id by='e'/><reaction/></message>";
    const [message] = run([HEADER, text]).stanzas;
    expect(message!.attrs).toStrictEqual({ from: 'a@b', to: 'c@d', id: '1', type: 'chat', 'xml:lang': 'en', fro: 'x', fromm: 'y', i: 'z' });
    expect(message!.getChildElements().map((child) => child.name)).toStrictEqual(['body', 'bodyx', 'x:body', 'iq', 'iqq', 'origin-id', 'reaction']);
    expect(String(message)).toBe(text.replace(/'/g, '"'));
  });

  it('takes attributes in either quotes, with the other quote and > inside', () => {
    expect(stanzas(`<a x='say "hi"' y="it's" z='a>b' w = "1"/>`)).toStrictEqual(['<a x="say &quot;hi&quot;" y="it&apos;s" z="a&gt;b" w="1"/>']);
  });

  it('drops whitespace between stanzas and accepts it before the header', () => {
    const r = run(['\n ', HEADER, '\n\n', '<a/>', ' ']);
    expect(r.error).toBeUndefined();
    expect(r.stanzas.map(String)).toStrictEqual(['<a/>']);
  });

  it('ignores what arrives after the stream ended or failed', () => {
    expect(run([HEADER, '</stream:stream><a/>']).stanzas).toStrictEqual([]);
    const r = run([HEADER, '<a></b><c/>', '<d/>']);
    expect(r.error?.message).toBe('a must be closed, not </b>');
    expect(r.stanzas).toStrictEqual([]);
  });
});

describe('StreamParser: text', () => {
  it('resolves the five entities and numeric character references (decimal and hex)', () => {
    const [a] = run([HEADER, "<a t='&lt;&amp;&#x1F600;'>&lt;b&gt; &amp; &quot;&apos; &#65;&#x42;&#x1f600;</a>"]).stanzas;
    expect(a!.getText()).toBe(`<b> & "' AB😀`);
    expect(a!.attrs.t).toBe('<&😀');
  });

  it('reads CDATA as text, with the text around it', () => {
    const [a] = run([HEADER, '<a>x<![CDATA[<b>&amp;]]]]>y</a>']).stanzas;
    expect(a!.getText()).toBe('x<b>&amp;]]y');
  });

  it('puts multi-byte characters split between reads back together', () => {
    const bytes = Buffer.from(`<a>中文 ${'😀'}</a>`, 'utf8');
    const pieces = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const r = run([HEADER, ...pieces]);
    expect(r.stanzas.map((s) => s.getText())).toStrictEqual(['中文 😀']);
    // A surrogate pair split between two strings.
    expect(run([HEADER, '<a>\ud83d', '\ude00</a>']).stanzas[0]!.getText()).toBe('😀');
  });

  it('keeps text cut between reads as one text child, before a tag or an end tag', () => {
    const [a] = run([HEADER, '<a>one t', 'wo<b/>thr', 'ee &am', 'p; four</a>']).stanzas;
    expect(a!.children.map(String)).toStrictEqual(['one two', '<b/>', 'three & four']);
  });

  it('parses the same tree whatever the reads are', () => {
    const text = `<message from='a@b/c' type="chat"><body>x &amp; y 中文 &#x1F600;</body><x xmlns='urn:x' a="&quot;"/><![CDATA[c]]></message>`;
    const whole = stanzas(text);
    for (let size = 1; size < 12; size++) {
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      expect(stanzas(...pieces), `pieces of ${size}`).toStrictEqual(whole);
    }
  });
});

describe('StreamParser: what is not well-formed or not allowed', () => {
  it.each([
    ['a bad entity', '<a>&nbsp;</a>', 'unknown entity &nbsp;'],
    ['a bare ampersand', '<a>fish & chips</a>', "an '&' that starts no reference"],
    ['a reference to a forbidden character', '<a>&#0;</a>', 'refers to a character XML does not allow'],
    ['a reference past Unicode', '<a b="&#x110000;"/>', 'refers to a character XML does not allow'],
    ['a mismatched end tag', '<a><b></a></b>', 'b must be closed, not </a>'],
    ['< in an attribute value', '<a b="<"/>', "a '<' in attribute b"],
    ['an unquoted attribute', '<a b=c/>', 'is not quoted'],
    ['an attribute twice', "<a b='1' b='2'/>", 'attribute b twice'],
    ['attributes without a space between', `<a b='1'c='2'/>`, 'no space before an attribute'],
    ['an attribute without a value', '<a b c="1"/>', 'has no value'],
    ['a broken tag name', '<a<b/>', "a '<' in a tag name"],
  ])('%s is not well-formed', (_, input, message) => {
    const error = failure(input);
    expect(error).toBeInstanceOf(XMLError);
    expect(error?.condition).toBe('not-well-formed');
    expect(error?.message).toContain(message);
  });

  it.each([
    ['a comment', '<a><!-- hi --></a>'],
    ['a processing instruction', '<a><?php x ?></a>'],
    ['an XML declaration after the header', "<?xml version='1.0'?>"],
    ['a DTD', '<!DOCTYPE a [<!ENTITY x "y">]>'],
  ])('%s is restricted XML (RFC 6120 §11.1)', (_, input) => {
    expect(failure(input)?.condition).toBe('restricted-xml');
  });

  it('rejects a broken tag as soon as it is broken, not when it ends', () => {
    expect(run([HEADER, '<a x', '="1"', ' y=2']).error?.message).toContain('attribute y of <a> is not quoted');
  });

  it('rejects text before the stream header and between stanzas', () => {
    expect(failure('<a/>hello<b/>')?.message).toBe('text between stanzas');
    expect(run(['hello', HEADER]).error?.condition).toBe('not-well-formed');
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(run([HEADER, Uint8Array.of(0x3c, 0x61, 0x3e, 0xff)]).error?.message).toBe('the stream is not valid UTF-8');
  });

  it('emits the stanzas completed before an error in the same read', () => {
    const r = run([HEADER, '<a/><b>&bogus;</b><c/>']);
    expect(r.stanzas.map(String)).toStrictEqual(['<a/>']);
    expect(r.error?.message).toContain('&bogus;');
  });
});

describe('StreamParser: limits', () => {
  const limits = { maxDepth: 4, maxStanzaChars: 100 };

  it('takes a stanza exactly at the limits', () => {
    const deep = '<a><b><c><d/></c></b></a>';
    const r = run([HEADER, deep, `<x>${'y'.repeat(100 - 7)}</x>`], limits);
    expect(r.error).toBeUndefined();
    expect(r.stanzas).toHaveLength(2);
  });

  it('rejects a stanza nested too deep, however it arrives', () => {
    expect(run([HEADER, '<a><b><c><d><e/></d></c></b></a>'], limits).error?.condition).toBe('policy-violation');
    const r = run([HEADER, ...Array.from({ length: 100_000 }, () => '<a>')]);
    expect(r.error?.message).toBe('a stanza nested deeper than 64');
  });

  it('rejects a stanza too large, complete in one read or still arriving', () => {
    expect(run([HEADER, `<x>${'y'.repeat(101 - 7)}</x>`], limits).error?.message).toBe('a stanza over 100 characters');
    const open = run([HEADER, '<x>', ...Array.from({ length: 20 }, () => 'yyyyyyyyyy')], limits);
    expect(open.error?.condition).toBe('policy-violation');
    const tag = run([HEADER, `<x a='${'y'.repeat(60)}`, 'y'.repeat(60)], limits);
    expect(tag.error?.condition).toBe('policy-violation');
  });

  it('does not count whitespace keepalives between stanzas', () => {
    const r = run([HEADER, ...Array.from({ length: 50 }, () => ' '.repeat(10)), '<a/>'], limits);
    expect(r.error).toBeUndefined();
    expect(r.stanzas).toHaveLength(1);
  });
});
