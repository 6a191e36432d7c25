import type { Snapshot } from '../../src-shared/contract';
import { effectiveLocale, translate, type Locale, type MessageKey, type Params, type PluralKey } from '../../src-shared/i18n';

export type LocaleChoice = 'system' | Locale;

/**
 * The current locale: the person's choice in Settings (a preference the core keeps), else the
 * system's; both read from the core's snapshot, so a change shows at once and is put back with it.
 */
class LocaleState {
  private source = $state.raw<() => Pick<Snapshot, 'systemLocale' | 'preferences'> | undefined>(() => undefined);
  /** BCP 47 tag of the system locale; the browser's until the first snapshot says otherwise. */
  systemTag = $derived(this.source()?.systemLocale || navigator.language);
  choice = $derived<LocaleChoice>(this.source()?.preferences?.locale ?? 'system');
  current = $derived<Locale>(effectiveLocale(this.source()?.preferences?.locale, this.systemTag));

  /** Follows the snapshot `read` returns (the app's, as it changes). */
  follow(read: () => Pick<Snapshot, 'systemLocale' | 'preferences'> | undefined): void {
    this.source = read;
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
