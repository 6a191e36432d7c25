import { decodeEntities } from './entities';
import { nameAt } from './known-names';
import { notWellFormed } from './xml-stream-error';

const GT = 62; // >
const SLASH = 47; // /
const EQUALS = 61; // =
const QUOTE = 34; // "
const APOSTROPHE = 39; // '

/**
 * Reads start tags (`<name attr='value' …>` or `…/>`) for StreamParser. A tag cut by the end of a
 * read is resumed where it stopped, not read again from its `<`, so a tag arriving in many small
 * reads costs what it is long; inside a quoted value, nothing can change until the closing quote
 * arrives (`waitFor`). Whatever the reads, the same tag gives the same result or the same error
 * (test/unit/xml-parser-fuzz.test.ts compares every case fed whole and in pieces).
 */
export class StartTagReader {
  /** The last tag read. */
  name = '';
  attrs: Record<string, string> = {};
  selfClosing = false;
  /** After -1: what must arrive before reading on can get further ('' when anything may). */
  waitFor = '';
  /** After -1: where to resume, from the tag's `<` (0: from the start). */
  private resumeAt = 0;
  private pendingName = '';
  /** Where the next `<` and `&` are: most values hold neither, and one search serves many values. */
  private readonly lessThan = new NextOccurrence('<');
  private readonly ampersand = new NextOccurrence('&');

  /** Reads the tag whose `<` is at `at`: where it ends, or -1 when the text ends first. */
  read(text: string, at: number): number {
    const length = text.length;
    let i = at + (this.resumeAt || 1);
    let c: number;
    let name = this.pendingName;
    const attrs = this.resumeAt ? this.attrs : {};
    if (!name) {
      for (; ; i++) {
        if (i >= length) return this.suspend(at, i, '', attrs);
        c = text.charCodeAt(i);
        if (c <= 32 || c === GT || c === SLASH) break;
        if (isNameBreaker(c)) throw this.fail(`a '${text[i]}' in a tag name`);
      }
      if (i === at + 1) throw this.fail('a tag without a name');
      name = nameAt(text, at + 1, i);
    } else {
      c = text.charCodeAt(i);
    }
    let selfClosing = false;
    for (;;) {
      // Between attributes: a resumed read starts here.
      const resume = i;
      const spaced = c <= 32;
      while (c <= 32) {
        if (++i >= length) return this.suspend(at, resume, name, attrs);
        c = text.charCodeAt(i);
      }
      if (c === GT) {
        i += 1;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= length) return this.suspend(at, resume, name, attrs);
        if (text.charCodeAt(i + 1) !== GT) throw this.fail(`a '/' inside the tag <${name}>`);
        selfClosing = true;
        i += 2;
        break;
      }
      if (!spaced) throw this.fail(`no space before an attribute of <${name}>`);
      const nameStart = i;
      while (c > 32 && c !== EQUALS) {
        if (isNameBreaker(c)) throw this.fail(`a '${text[i]}' in an attribute name of <${name}>`);
        if (++i >= length) return this.suspend(at, resume, name, attrs);
        c = text.charCodeAt(i);
      }
      if (i === nameStart) throw this.fail(`an attribute without a name on <${name}>`);
      const attr = nameAt(text, nameStart, i);
      while (c <= 32) {
        if (++i >= length) return this.suspend(at, resume, name, attrs);
        c = text.charCodeAt(i);
      }
      if (c !== EQUALS) throw this.fail(`attribute ${attr} of <${name}> has no value`);
      do {
        if (++i >= length) return this.suspend(at, resume, name, attrs);
        c = text.charCodeAt(i);
      } while (c <= 32);
      if (c !== QUOTE && c !== APOSTROPHE) throw this.fail(`attribute ${attr} of <${name}> is not quoted`);
      const quote = c === QUOTE ? '"' : "'";
      const close = text.indexOf(quote, i + 1);
      if (close === -1) return this.suspend(at, resume, name, attrs, quote);
      let value = text.slice(i + 1, close);
      if (this.lessThan.next(text, i + 1) < close) throw this.fail(`a '<' in attribute ${attr} of <${name}>`);
      if (this.ampersand.next(text, i + 1) < close) value = decodeEntities(value);
      if (attrs[attr] !== undefined && Object.hasOwn(attrs, attr)) throw this.fail(`attribute ${attr} twice on <${name}>`);
      attrs[attr] = value;
      i = close + 1;
      if (i >= length) return this.suspend(at, i, name, attrs);
      c = text.charCodeAt(i);
    }
    this.name = name;
    this.attrs = attrs;
    this.selfClosing = selfClosing;
    this.pendingName = '';
    this.resumeAt = 0;
    return i;
  }

  private suspend(at: number, resume: number, name: string, attrs: Record<string, string>, waitFor = ''): -1 {
    this.resumeAt = resume - at;
    this.pendingName = name;
    this.attrs = attrs;
    this.waitFor = waitFor;
    return -1;
  }

  private fail(message: string): Error {
    this.resumeAt = 0;
    this.pendingName = '';
    return notWellFormed(message);
  }
}

/**
 * The first position of a character at or after a position in a text, for positions that move
 * forward through the same text: searched again only once a position passes the last answer.
 */
class NextOccurrence {
  private text = '';
  private from = 0;
  private at = 0;

  constructor(private readonly char: string) {}

  /** The first position of the character at or after `from`; the text's length when there is none. */
  next(text: string, from: number): number {
    if (text !== this.text || from < this.from || from > this.at) {
      const found = text.indexOf(this.char, from);
      this.text = text;
      this.from = from;
      this.at = found === -1 ? text.length : found;
    }
    return this.at;
  }
}

/** ASCII characters XML 1.0 §2.3 allows in a name: letters, digits, '-', '.', ':', '_'. */
const ASCII_NAME_CHAR = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9\-.:_]/.test(String.fromCharCode(c)) ? 1 : 0));

/** A character no name may contain (beyond ASCII, XML allows nearly everything). */
function isNameBreaker(c: number): boolean {
  return c < 128 && ASCII_NAME_CHAR[c] === 0;
}
