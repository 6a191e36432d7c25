import xml, { type Element } from '@xmpp/xml';
import type { MessageReply } from '../../../src-shared/contract';
import { NS } from './namespaces';

/**
 * Replies (XEP-0461) with their quoted fallback (XEP-0428): old clients read the quote as text,
 * Glance strips it when it understands the reply. Offsets count code points (XEP-0428 §4).
 * Guarded by test/unit/reply-codec.test.ts against the XEP's example.
 */

/** Most code points of the quoted text put in a fallback. */
const MAX_QUOTED = 200;

/** The reply a message carries and its body without the fallback quote (the body unchanged when there is none). */
export function readReply(message: Element, body: string, element = message.getChild('reply', NS.reply)): { reply?: MessageReply; body: string } {
  if (!element?.attrs.id) return { body };
  const reply: MessageReply = { target: element.attrs.id, ...(element.attrs.to ? { to: element.attrs.to } : {}) };
  const range = message
    .getChildren('fallback', NS.fallback)
    .find((fallback) => fallback.attrs.for === NS.reply)
    ?.getChild('body');
  const chars = [...body];
  const start = Number(range?.attrs.start ?? 0);
  const end = Number(range?.attrs.end);
  if (!range || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > chars.length) return { reply, body };
  return { reply, body: [...chars.slice(0, start), ...chars.slice(end)].join('') };
}

/** The fallback quote of `quoted`: each line after "> ", then a newline. */
export function quoteFallback(quoted: string): string {
  const chars = [...quoted.trim()];
  const text = chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED - 1).join('')}…` : chars.join('');
  return `${text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n`;
}

/** The elements that make a message a reply, and its full body (the quote, then the text). */
export function replyParts(reply: { target: string; to: string; quoted: string }, text: string): { body: string; elements: Element[] } {
  const quote = quoteFallback(reply.quoted);
  return {
    body: quote + text,
    elements: [
      xml('reply', { xmlns: NS.reply, to: reply.to, id: reply.target }),
      xml('fallback', { xmlns: NS.fallback, for: NS.reply }, xml('body', { start: '0', end: String([...quote].length) })),
    ],
  };
}
