import { LOCALES, type Locale, type MessageKey } from './catalogue';
import { resolveLocale, translate, type Params, type PluralKey } from './translate';

export type LocaleChoice = 'system' | Locale;

const STORAGE_KEY = 'glance.locale';

function readChoice(): LocaleChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored && (LOCALES as readonly string[]).includes(stored) ? (stored as Locale) : 'system';
  } catch {
    return 'system';
  }
}

/** The current locale: the person's choice in Settings, else the system's (from the snapshot). */
class LocaleState {
  /** BCP 47 tag of the system locale; the browser's until the first snapshot says otherwise. */
  systemTag = $state(navigator.language);
  choice = $state<LocaleChoice>(readChoice());
  current = $derived<Locale>(this.choice === 'system' ? resolveLocale(this.systemTag) : this.choice);

  choose(choice: LocaleChoice): void {
    this.choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // Storage may be unavailable (private mode); the choice still holds for this session.
    }
  }
}

export const i18n = new LocaleState();

/** The string for `key` in the current locale, with {name} placeholders filled in. */
export function t(key: MessageKey | PluralKey, params?: Params): string {
  return translate(i18n.current, key, params);
}

// Building an Intl formatter costs far more than formatting with one, and every row formats:
// one formatter per locale and style, made on first use (the bench's profiles showed 20–40%).
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache: nothing renders from it
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${i18n.current} ${style}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(i18n.current, options)));
  return format;
}

/** A time of day, e.g. "14:05" or "下午2:05". */
export function formatTime(timestamp: number): string {
  return dateTimeFormat('time', { hour: 'numeric', minute: '2-digit' }).format(timestamp);
}

/** A day without the year, e.g. "3 Mar" or "3月3日", for the conversation list. */
export function formatShortDate(timestamp: number): string {
  return dateTimeFormat('short-date', { month: 'short', day: 'numeric' }).format(timestamp);
}

/** A time with seconds, for retry times. */
export function formatClock(timestamp: number): string {
  return dateTimeFormat('clock', { timeStyle: 'medium' }).format(timestamp);
}

/** A full date for a day separator, e.g. "Monday, 3 March 2025". */
export function formatDate(timestamp: number): string {
  return dateTimeFormat('date', { dateStyle: 'full' }).format(timestamp);
}

/** A full date and time, for tooltips. */
export function formatDateTime(timestamp: number): string {
  return dateTimeFormat('datetime', { dateStyle: 'full', timeStyle: 'short' }).format(timestamp);
}
