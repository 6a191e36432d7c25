export { i18n, t, formatClock, formatDate, formatDateTime, formatShortDate, formatTime, type LocaleChoice } from './i18n.svelte';
export type { Locale, MessageKey } from './catalogue';
