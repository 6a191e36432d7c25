export { i18n, t, formatClock, formatDate, formatDateTime, formatShortDate, formatTime, type LocaleChoice } from './i18n.svelte';
export { migrateStoredLocale } from './stored-locale';
export type { Locale, MessageKey } from '../../src-shared/i18n';
