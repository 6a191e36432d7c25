/** A piece of message text: plain text, or a link with the text as written and the URL it opens. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s):// and mailto: links, and bare www. hosts. Deliberately conservative: no other schemes.
const LINK = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+@[^\s<>"]+|www\.[^\s<>"]+\.[^\s<>"]+)/giu;

// Characters that usually end a sentence rather than a URL.
const TRAILING = '.,;:!?\'"»”’)]}>';
const OPENER: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** Trims sentence punctuation off a match, keeping a bracket that closes one opened in the URL. */
function trimTrailing(candidate: string): string {
  let url = candidate;
  while (url.length > 0) {
    const ch = url[url.length - 1];
    if (!TRAILING.includes(ch)) break;
    const open = OPENER[ch];
    const rest = url.slice(0, -1);
    if (open && count(rest, open) > count(rest, ch)) break;
    url = rest;
  }
  return url;
}

/** The URL a matched text opens, or undefined when it does not parse as http(s) or mailto. */
export function linkHref(text: string): string | undefined {
  const candidate = /^www\./iu.test(text) ? `https://${text}` : text;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname ? url.href : undefined;
  if (url.protocol === 'mailto:') return url.pathname.includes('@') ? url.href : undefined;
  return undefined;
}

/** Splits message text into plain text and links. Joining every part's text gives the input back. */
export function linkify(input: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  let last = 0;
  for (const match of input.matchAll(LINK)) {
    const start = match.index;
    // A word character right before (e.g. "xhttp://") means this is not the start of a link.
    if (start > 0 && /[\p{L}\p{N}_@.\-/]/u.test(input[start - 1])) continue;
    const text = trimTrailing(match[0]);
    const href = linkHref(text);
    if (!href) continue;
    plain += input.slice(last, start);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    parts.push({ kind: 'link', text, href });
    last = start + text.length;
  }
  plain += input.slice(last);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}
