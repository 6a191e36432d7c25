import type { ConversationRef } from '../../src-shared/contract';
import { sameConversation } from '../../src-shared/conversation';
import type { Cursor, History, MessageTarget, StoredMessage } from '../history';

/**
 * The arithmetic of a windowed message list, without the DOM: which rows are loaded and whether
 * there is more on either side. Each step reads history and returns the next window; the list
 * component applies it and keeps the reader's place on screen.
 */
export type WindowSource = Pick<History, 'latest' | 'before' | 'after'>;

export interface MessageWindow {
  rows: StoredMessage[];
  hasOlder: boolean;
  hasNewer: boolean;
}

export interface WindowLimits {
  /** Rows per load. */
  page: number;
  /** Most rows ever held. */
  max: number;
}

export const cursorOf = (m: StoredMessage): Cursor => ({ timestamp: m.timestamp, order: m.order });
/** Just before a message, so `after()` includes it (orders are integers). */
const justBefore = (m: StoredMessage): Cursor => ({ timestamp: m.timestamp, order: m.order - 0.5 });

export async function newest(source: WindowSource, conversation: ConversationRef, { page }: WindowLimits): Promise<MessageWindow> {
  const rows = await source.latest(conversation, page);
  return { rows, hasOlder: rows.length === page, hasNewer: false };
}

/** Rows shown above the first unread message when a conversation opens there. */
export const CONTEXT_ROWS = 10;

/** The window a conversation opens with when it has unread messages: a little context, then a page from `first` on. */
export async function around(source: WindowSource, conversation: ConversationRef, first: StoredMessage, { page }: WindowLimits): Promise<MessageWindow> {
  const [above, from] = await Promise.all([source.before(conversation, cursorOf(first), CONTEXT_ROWS), source.after(conversation, justBefore(first), page)]);
  return { rows: [...above, ...from], hasOlder: above.length === CONTEXT_ROWS, hasNewer: from.length === page };
}

/** One page older, prepended; rows beyond `max` are trimmed from the newer end. */
export async function older(source: WindowSource, conversation: ConversationRef, w: MessageWindow, { page, max }: WindowLimits): Promise<MessageWindow> {
  if (!w.hasOlder || w.rows.length === 0) return w;
  const more = await source.before(conversation, cursorOf(w.rows[0]), page);
  const hasOlder = more.length === page;
  if (more.length === 0) return { ...w, hasOlder };
  const rows = [...more, ...w.rows];
  return rows.length > max ? { rows: rows.slice(0, max), hasOlder, hasNewer: true } : { rows, hasOlder, hasNewer: w.hasNewer };
}

/** One page newer, appended; rows beyond `max` are trimmed from the older end. */
export async function newer(source: WindowSource, conversation: ConversationRef, w: MessageWindow, { page, max }: WindowLimits): Promise<MessageWindow> {
  if (!w.hasNewer || w.rows.length === 0) return w;
  const more = await source.after(conversation, cursorOf(w.rows[w.rows.length - 1]), page);
  const hasNewer = more.length === page;
  if (more.length === 0) return { ...w, hasNewer };
  const rows = [...w.rows, ...more];
  return rows.length > max ? { rows: rows.slice(rows.length - max), hasOlder: true, hasNewer } : { rows, hasOlder: w.hasOlder, hasNewer };
}

/**
 * Re-reads the window after history changed (new messages, new statuses, archive backfill), from
 * its first row on. At the newest end new rows are appended; `pinned` (the view is at the bottom)
 * means an overflow keeps the newest rows rather than the oldest.
 */
export async function refreshed(
  source: WindowSource,
  conversation: ConversationRef,
  w: MessageWindow,
  pinned: boolean,
  limits: WindowLimits,
): Promise<MessageWindow> {
  if (w.rows.length === 0) return newest(source, conversation, limits);
  const from = justBefore(w.rows[0]);
  let next: MessageWindow;
  if (w.hasNewer) {
    next = { rows: await source.after(conversation, from, w.rows.length), hasOlder: w.hasOlder, hasNewer: true };
  } else {
    const rows = await source.after(conversation, from, limits.max + 1);
    if (rows.length <= limits.max) next = { rows, hasOlder: w.hasOlder, hasNewer: false };
    else if (pinned) next = { rows: await source.latest(conversation, limits.max), hasOlder: true, hasNewer: false };
    else next = { rows: rows.slice(0, limits.max), hasOlder: w.hasOlder, hasNewer: true };
  }
  // Archive sync may have brought messages older than the first row.
  if (!next.hasOlder && next.rows.length > 0) next.hasOlder = (await source.before(conversation, cursorOf(next.rows[0]), 1)).length > 0;
  next.rows = keepUnchanged(w.rows, next.rows);
  return next;
}

/**
 * `next` with every row that did not change replaced by the object already on screen: the list is
 * keyed, so only new and changed rows render again (issue 6: re-rendering the whole window for
 * each new message cost most of a live message's time to paint).
 */
export function keepUnchanged(previous: readonly StoredMessage[], next: StoredMessage[]): StoredMessage[] {
  const shown = new Map(previous.map((row) => [row.key, row]));
  return next.map((row) => {
    const old = shown.get(row.key);
    return old && sameRow(old, row) ? old : row;
  });
}

function sameRow(a: StoredMessage, b: StoredMessage): boolean {
  const keys = Object.keys(a) as (keyof StoredMessage)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    if (k === 'statusTimes') return sameTimes(a.statusTimes, b.statusTimes);
    if (k === 'conversation') return sameConversation(a.conversation, b.conversation);
    if (k === 'sender') return sameSender(a.sender, b.sender);
    return a[k] === b[k];
  });
}

function sameSender(a: StoredMessage['sender'], b: StoredMessage['sender']): boolean {
  return a.jid === b.jid && a.nick === b.nick && a.occupantId === b.occupantId;
}

function sameTimes(a: StoredMessage['statusTimes'], b: StoredMessage['statusTimes']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.sent === b.sent && a.delivered === b.delivered && a.read === b.read;
}

/** How a new window is put on screen: at the bottom (true), the divider or a row at the top, or the first visible row kept in place (false). */
export type Pin = boolean | 'divider' | { key: string };

export interface Opening {
  window: MessageWindow;
  /** The first unread message: the "New messages" divider stays above it. */
  unreadKey?: string;
  pin: Pin;
  /** Which way loading continues. */
  direction: 'up' | 'down';
}

/**
 * Where a conversation opens: at the message `at` names (a notification click, a link; the nearest
 * in time when it is not stored), else at the first unread message under the divider, else at the
 * newest message at the bottom.
 */
export async function opening(
  source: WindowSource & Pick<History, 'firstUnread' | 'findMessage'>,
  conversation: ConversationRef,
  at: MessageTarget | undefined,
  limits: WindowLimits,
): Promise<Opening> {
  const [target, first] = await Promise.all([at ? source.findMessage(conversation, at) : undefined, source.firstUnread(conversation)]);
  const from = target ?? first;
  if (!from) return { window: await newest(source, conversation, limits), pin: true, direction: 'up' };
  const pin: Pin = target && target.key !== first?.key ? { key: target.key } : 'divider';
  return { window: await around(source, conversation, from, limits), ...(first ? { unreadKey: first.key } : {}), pin, direction: 'down' };
}
