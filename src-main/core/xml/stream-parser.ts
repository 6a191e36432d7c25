import { EventEmitter } from 'node:events';
import { TextDecoder } from 'node:util';
import { Element } from '@xmpp/xml';
import { decodeEntities } from './entities';
import { parsedElement } from './parsed-element';
import { StartTagReader } from './start-tag';
import { notWellFormed, XmlStreamError } from './xml-stream-error';

/** What one inbound stream may hold before it is a stream error rather than memory or a stack. */
export interface StreamParserLimits {
  /** Elements open inside one stanza (the stanza itself counts 1). */
  maxDepth: number;
  /** Characters of one stanza, from its `<` to its end tag; also of the stream header. */
  maxStanzaChars: number;
}

/**
 * The deepest real stanza (an archived carbon: result, forwarded, message, sent, forwarded,
 * message, body) is 7 deep; a roster of thousands of contacts or a vCard photo is a few hundred
 * KiB. Guarded by test/unit/xml-parser.test.ts ("limits").
 */
export const DEFAULT_LIMITS: StreamParserLimits = { maxDepth: 64, maxStanzaChars: 4 * 1024 * 1024 };

interface StreamParserEvents {
  start: [Element];
  element: [Element];
  end: [Element];
  error: [Error];
}

const LT = 60; // <
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?

/**
 * The inbound XMPP stream as @xmpp/xml's Parser sees it, and a drop-in for it: `write()` takes
 * the stream in pieces of any size (strings, or bytes decoded here as strict, stateful UTF-8), and
 * it emits `start` with the stream header, `element` with each top-level child (its `parent` set to
 * the header, as @xmpp/xml does), `end` at the closing tag, building the same ltx `Element`s.
 *
 * It differs where @xmpp/xml is lax (docs/architecture.md, "The stream parser"): what XML 1.0
 * calls not well-formed, what RFC 6120 §11.1 forbids (comments, processing instructions other
 * than the XML declaration, DTDs, entities other than the predefined five) and a stanza over the
 * limits each end the stream with one `error`; nothing after it is parsed. Whitespace between
 * stanzas (keepalives) is dropped rather than kept on the header; any other text there is an error.
 */
export class StreamParser extends EventEmitter<StreamParserEvents> {
  private root: Element | null = null;
  private cursor: Element | null = null;
  /** Open elements below the stream header. */
  private depth = 0;
  /** The unparsed tail of what was written: an incomplete tag, or a stanza's text still open. */
  private rest = '';
  /** What must arrive before parsing `rest` again can get further ('' when anything may). */
  private waitFor = '';
  private readonly tags = new StartTagReader();
  /** Stream offset of rest[0]; and of the `<` that opened the stanza being parsed. */
  private offset = 0;
  private stanzaStart = 0;
  private done = false;
  private decoder: TextDecoder | undefined;

  constructor(private readonly limits: StreamParserLimits = DEFAULT_LIMITS) {
    super();
  }

  write(data: string | Uint8Array): void {
    if (this.done) return;
    try {
      const chunk = typeof data === 'string' ? data : this.decode(data);
      if (!this.rest) this.parse(chunk, 0, false);
      else if (chunk.indexOf(this.waitFor) === -1) this.rest += chunk;
      else this.resume(chunk);
      if (!this.done) this.checkSize();
    } catch (error) {
      if (!(error instanceof XmlStreamError)) throw error;
      this.done = true;
      this.emit('error', error);
    }
  }

  end(data?: string | Uint8Array): void {
    if (data) this.write(data);
  }

  private decode(bytes: Uint8Array): string {
    this.decoder ??= new TextDecoder('utf-8', { fatal: true });
    try {
      return this.decoder.decode(bytes, { stream: true });
    } catch {
      // RFC 6120 §11.6: the stream is UTF-8; anything else is a broken stream.
      throw notWellFormed('the stream is not valid UTF-8');
    }
  }

  /**
   * Goes on with what a read cut (`rest`, one tag or text run) in a string of its own: `rest` and
   * the chunk up to its first `<`, where that construct ends in a well-formed stream; then the
   * chunk itself from there. Parsing `rest + chunk` would copy the whole read into a new string,
   * which everything sliced from it (a body, an address) then keeps alive; only a construct that
   * goes on past that `<` (CDATA) or is not well-formed is parsed that way, with the same result
   * (test/unit/xml-parser-fuzz.test.ts feeds every case whole and in pieces).
   */
  private resume(chunk: string): void {
    const rest = this.rest;
    this.rest = '';
    const lt = chunk.indexOf('<');
    if (lt === -1) return this.parse(rest + chunk, 0, false);
    this.parse(lt === 0 ? rest : rest + chunk.slice(0, lt), 0, true);
    if (this.done) return;
    if (this.rest) {
      const cut = this.rest;
      this.rest = '';
      return this.parse(cut + chunk.slice(lt), 0, false);
    }
    // `offset` is the stream offset of the text parsed; `lt` of it is already counted.
    this.offset -= lt;
    this.parse(chunk, lt, false);
  }

  /** Parses `text` from `at`; `endsBeforeTag`: a `<` follows it in the stream, so a text run at its end is whole. */
  private parse(text: string, at: number, endsBeforeTag: boolean): void {
    const length = text.length;
    while (at < length && !this.done) {
      if (text.charCodeAt(at) !== LT) {
        const lt = text.indexOf('<', at);
        if (lt === -1) return this.keepText(text, at, endsBeforeTag);
        this.text(text, at, lt);
        at = lt;
      }
      const next = at + 1 < length ? text.charCodeAt(at + 1) : -1;
      // Each reader that runs out of text sets what it waits for.
      this.waitFor = '';
      const after =
        next === SLASH
          ? this.endTag(text, at)
          : next === BANG
            ? this.markup(text, at)
            : next === QUESTION
              ? this.instruction(text, at)
              : next === -1
                ? -1
                : this.startTag(text, at);
      if (after === -1) return this.keep(text, at);
      at = after;
    }
    this.offset += length;
  }

  private startTag(text: string, at: number): number {
    const tags = this.tags;
    const after = tags.read(text, at);
    if (after === -1) {
      this.waitFor = tags.waitFor;
      return -1;
    }
    this.open(tags.name, tags.attrs, tags.selfClosing, at, after);
    return after;
  }

  private open(name: string, attrs: Record<string, string>, selfClosing: boolean, at: number, after: number): void {
    const element = parsedElement(name, attrs);
    const parent = this.cursor;
    if (!parent) {
      this.root = this.cursor = element;
      this.emit('start', element);
      if (selfClosing) this.finish(element);
      return;
    }
    if (this.depth === 0) {
      this.stanzaStart = this.offset + at;
    } else {
      addChild(parent, element);
      element.parent = parent;
    }
    if (++this.depth > this.limits.maxDepth) throw new XmlStreamError('policy-violation', `a stanza nested deeper than ${this.limits.maxDepth}`);
    if (selfClosing) this.close(element, after);
    else this.cursor = element;
  }

  private close(element: Element, after: number): void {
    if (--this.depth > 0) {
      this.cursor = element.parent;
      return;
    }
    if (this.offset + after - this.stanzaStart > this.limits.maxStanzaChars) throw tooLarge(this.limits);
    element.parent = this.root;
    this.cursor = this.root;
    this.emit('element', element);
  }

  private finish(root: Element): void {
    this.done = true;
    this.emit('end', root);
  }

  /** An end tag at `at`; returns where it ends, or -1 when the text ends first. */
  private endTag(text: string, at: number): number {
    const gt = text.indexOf('>', at + 2);
    if (gt === -1) {
      this.waitFor = '>';
      return -1;
    }
    const name = text.slice(at + 2, gt).trimEnd();
    const open = this.cursor;
    if (!open) throw notWellFormed(`</${name}> before the stream header`);
    if (name !== open.name) throw notWellFormed(`${open.name} must be closed, not </${name}>`);
    if (open === this.root) this.finish(open);
    else this.close(open, gt + 1);
    return gt + 1;
  }

  /** `<!`: CDATA is text; comments and DTDs are restricted XML (RFC 6120 §11.1). */
  private markup(text: string, at: number): number {
    if (text.startsWith('<![CDATA[', at)) {
      const close = text.indexOf(']]>', at + 9);
      if (close === -1) {
        this.waitFor = '>';
        return -1;
      }
      this.cdata(text.slice(at + 9, close));
      return close + 3;
    }
    const available = text.slice(at, at + 9);
    if ('<![CDATA['.startsWith(available) || '<!--'.startsWith(available)) return -1;
    throw new XmlStreamError('restricted-xml', available.startsWith('<!--') ? 'a comment in the stream' : 'a DTD in the stream');
  }

  /** `<?`: only the XML declaration, before the stream header (RFC 6120 §11.1, §11.5). */
  private instruction(text: string, at: number): number {
    const head = text.slice(at, at + 6);
    if (head.length < 6 && '<?xml '.startsWith(head)) return -1;
    if (this.root || !/^<\?xml\s$/.test(head)) throw new XmlStreamError('restricted-xml', 'a processing instruction in the stream');
    const close = text.indexOf('?>', at + 6);
    if (close !== -1) return close + 2;
    this.waitFor = '>';
    return -1;
  }

  /** Text from `from` to `to`: part of the open stanza, or stream-level whitespace. */
  private text(text: string, from: number, to: number): void {
    if (this.depth > 0) {
      addChild(this.cursor!, decodeEntities(text.slice(from, to)));
    } else if (!isWhitespace(text, from, to)) {
      // RFC 6120 §4.4 and §4.6.1: between stanzas, only whitespace (keepalives).
      throw notWellFormed(this.root ? 'text between stanzas' : 'text before the stream header');
    }
  }

  private cdata(content: string): void {
    if (this.depth > 0) {
      if (content) addChild(this.cursor!, content);
    } else {
      throw notWellFormed(this.root ? 'CDATA between stanzas' : 'CDATA before the stream header');
    }
  }

  /** Text runs to the end of what arrived: a stanza keeps it for the rest (unless it is whole); stream level drops it. */
  private keepText(text: string, from: number, whole: boolean): void {
    if (this.depth > 0 && !whole) {
      this.waitFor = '<';
      return this.keep(text, from);
    }
    this.text(text, from, text.length);
    this.offset += text.length;
  }

  private keep(text: string, from: number): void {
    this.rest = text.slice(from);
    this.offset += from;
  }

  private checkSize(): void {
    const held = this.depth > 0 ? this.offset + this.rest.length - this.stanzaStart : this.rest.length;
    if (held > this.limits.maxStanzaChars) throw tooLarge(this.limits);
  }
}

/**
 * The first child in an array of exactly one (a body's text, a carbon's message): a push onto an
 * empty array would make room for 17.
 */
function addChild(parent: Element, child: Element | string): void {
  if (parent.children.length === 0) parent.children = [child];
  else parent.children.push(child);
}

function isWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

function tooLarge(limits: StreamParserLimits): XmlStreamError {
  return new XmlStreamError('policy-violation', `a stanza over ${limits.maxStanzaChars} characters`);
}
