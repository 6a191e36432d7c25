import { notWellFormed } from './xml-stream-error';

/**
 * Text and attribute values with their references resolved: the five predefined entities and
 * numeric character references to characters XML 1.0 §2.2 allows. Anything else (`&nbsp;`, a bare
 * `&`, `&#0;`, `&#65a;`) is not well-formed; RFC 6120 §11.1 rules out every other entity.
 * Guarded by test/unit/xml-parser.test.ts ("entities").
 */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  // Joined rather than concatenated: `+=` makes a tree of pieces (each a view into the read), which
  // a message kept for long keeps whole; join makes one flat string.
  const pieces: string[] = [];
  let from = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > MAX_REFERENCE_LENGTH) throw notWellFormed(`an '&' that starts no reference: ${excerpt(raw, amp)}`);
    pieces.push(raw.slice(from, amp), reference(raw.slice(amp + 1, semi)));
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  pieces.push(raw.slice(from));
  return pieces.join('');
}

/** `&#x10FFFF;` is the longest reference there is. */
const MAX_REFERENCE_LENGTH = 10;

function reference(name: string): string {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  const code = HEX_REFERENCE.test(name) ? parseInt(name.slice(2), 16) : DECIMAL_REFERENCE.test(name) ? parseInt(name.slice(1), 10) : NaN;
  if (Number.isNaN(code)) throw notWellFormed(`unknown entity &${name};`);
  if (!isXmlChar(code)) throw notWellFormed(`&${name}; refers to a character XML does not allow`);
  return String.fromCodePoint(code);
}

const HEX_REFERENCE = /^#x[0-9a-fA-F]{1,6}$/;
const DECIMAL_REFERENCE = /^#[0-9]{1,7}$/;

/** XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function excerpt(raw: string, at: number): string {
  return JSON.stringify(raw.slice(at, at + 12));
}
