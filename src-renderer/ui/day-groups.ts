/** Something with a time, such as a stored message. */
export interface Timed {
  key: string;
  timestamp: number;
}

export type DayItem<T extends Timed> =
  { kind: 'day'; key: string; day: number } | { kind: 'unread'; key: string } | { kind: 'message'; key: string; message: T };

/** Key of the "New messages" divider item. */
export const UNREAD_DIVIDER_KEY = 'unread-divider';

/** Local midnight of the day a timestamp falls on, in the runtime's time zone. */
export function startOfDay(timestamp: number): number {
  const date = new Date(timestamp);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

// The same message object gets the same item object every time, so a keyed list whose rows did
// not change (message-window.ts keeps them) renders nothing again.
const messageItems = new WeakMap<Timed, DayItem<Timed>>();

/**
 * Interleaves day separators with messages (ascending by time): one before the first message and
 * one wherever the local calendar day changes. Separator keys are stable ("day:" + midnight) so a
 * keyed list keeps its elements when rows are prepended or trimmed. With `unreadKey`, the "New
 * messages" divider goes right before that message (after its day separator).
 */
export function withDaySeparators<T extends Timed>(messages: readonly T[], unreadKey?: string): DayItem<T>[] {
  const items: DayItem<T>[] = [];
  const itemOf = (message: T): DayItem<T> => {
    let item = messageItems.get(message) as DayItem<T> | undefined;
    if (!item) messageItems.set(message, (item = { kind: 'message', key: message.key, message }));
    return item;
  };
  let current: number | undefined;
  for (const message of messages) {
    const day = startOfDay(message.timestamp);
    if (day !== current) {
      current = day;
      items.push({ kind: 'day', key: `day:${day}`, day });
    }
    if (message.key === unreadKey) items.push({ kind: 'unread', key: UNREAD_DIVIDER_KEY });
    items.push(itemOf(message));
  }
  return items;
}

/** How a day is named relative to now: today, yesterday, or another date. */
export function dayRelation(day: number, now: number): 'today' | 'yesterday' | 'other' {
  const today = startOfDay(now);
  if (day === today) return 'today';
  // Subtracting a calendar day, not 24 h, so daylight-saving changes do not matter.
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  return day === yesterday.getTime() ? 'yesterday' : 'other';
}
