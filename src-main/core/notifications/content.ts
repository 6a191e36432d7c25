/** What a notification shows, per the privacy setting (docs/architecture.md, "Notifications"). Pure. */

/** Sender and text, sender only, or nothing (neither who nor what). */
export type { NotificationPrivacy } from '../../../src-shared/contract';
import type { NotificationPrivacy } from '../../../src-shared/contract';
import { translate, type Locale } from '../../../src-shared/i18n';

/** The words a notification uses, so the caller can pass the person's language. */
export interface NotificationTexts {
  appName: string;
  /** "New message", "3 new messages". */
  newMessages(count: number): string;
}

/** The words of a notification in `locale`, from the catalogue. */
export function notificationTexts(locale: Locale): NotificationTexts {
  return {
    appName: translate(locale, 'app.name'),
    newMessages: (count) => (count === 1 ? translate(locale, 'notification.newMessage') : translate(locale, 'notification.newMessages', { count })),
  };
}

export interface ContentInput {
  privacy: NotificationPrivacy;
  /** The contact's display name (roster name, else the address). */
  displayName: string;
  /** Text of the newest message. */
  body: string;
  /** How many unread messages the notification stands for. */
  count: number;
  texts?: NotificationTexts;
}

export interface NotificationContent {
  title: string;
  body: string;
}

export const MAX_BODY_CHARS = 120;
const MAX_TITLE_CHARS = 64;

export function notificationContent(input: ContentInput): NotificationContent {
  const texts = input.texts ?? notificationTexts('en');
  const count = Math.max(1, Math.floor(input.count));
  if (input.privacy === 'nothing') return { title: texts.appName, body: texts.newMessages(count) };
  const title = truncate(plainText(input.displayName), MAX_TITLE_CHARS) || texts.appName;
  if (input.privacy === 'sender') return { title, body: texts.newMessages(count) };
  const text = truncate(plainText(input.body), MAX_BODY_CHARS);
  if (count === 1) return { title, body: text || texts.newMessages(1) };
  return { title, body: text ? `${texts.newMessages(count)}\n${text}` : texts.newMessages(count) };
}

// C0/C1 controls, and the bidi embeddings/overrides/isolates a sender could use to disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** One line of plain text: controls removed, runs of whitespace (newlines too) made one space. */
export function plainText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `max` characters counting the ellipsis, never splitting a character or an emoji. */
export function truncate(text: string, max: number): string {
  if ([...text].length <= max) return text;
  let kept = '';
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (length + size > max - 1) break;
    kept += segment;
    length += size;
  }
  return `${kept.trimEnd()}…`;
}
