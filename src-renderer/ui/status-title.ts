import type { StoredMessage } from '../history';
import type { Locale } from '../i18n';
import { translate } from '../../src-shared/i18n';
import { startOfDay } from './day-groups';

const STEPS = ['sent', 'delivered', 'read'] as const;

// Every outgoing row builds this title: one formatter per locale and kind, not one per row.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A step's time: the time of day if it was today, else the date and time. */
export function formatStepTime(timestamp: number, locale: Locale, now: number): string {
  const sameDay = startOfDay(timestamp) === startOfDay(now);
  const key = `${locale} ${sameDay}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = sameDay
      ? { hour: 'numeric', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
    formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  }
  return format.format(timestamp);
}

/**
 * The hover text of an outgoing message's status icon: each step reached with its time, e.g.
 * "Sent 10:02 · Delivered 10:02 · Read 10:05"; just the status name when no time is known
 * (pending, failed, or a message that came from another device). A pending message while there is
 * no connection (`offline`) says why: "Pending · Waiting for the connection".
 */
export function statusTitle(message: Pick<StoredMessage, 'status' | 'statusTimes'>, locale: Locale, now = Date.now(), offline = false): string {
  const status = message.status ?? 'sent';
  const times = message.statusTimes;
  if (status === 'pending' && offline)
    return translate(locale, 'status.pending') + translate(locale, 'status.stepSeparator') + translate(locale, 'status.waiting');
  if (status === 'pending' || status === 'failed' || !times) return translate(locale, `status.${status}`);
  const steps = STEPS.slice(0, STEPS.indexOf(status) + 1).flatMap((step) => {
    const at = times[step];
    return at === undefined ? [] : [translate(locale, `status.${step}At`, { time: formatStepTime(at, locale, now) })];
  });
  return steps.length ? steps.join(translate(locale, 'status.stepSeparator')) : translate(locale, `status.${status}`);
}
