import type { MuteSetting, NotificationPrivacy, Preferences } from '../../src-shared/contract';
import { isLocale } from '../../src-shared/i18n';
import { isContactJid } from '../../src-shared/jid';

export const DEFAULT_PREFERENCES: Preferences = { sendReadMarkers: true, notificationPrivacy: 'sender-and-text', mutes: {} };

const PRIVACY: readonly NotificationPrivacy[] = ['sender-and-text', 'sender', 'nothing'];
const MUTES: readonly MuteSetting[] = ['none', 'all', 'mentions'];

/**
 * Applies a partial update from the renderer (or a stored file) to the current preferences,
 * keeping only well-formed values: anything else is ignored, never stored.
 */
export function mergePreferences(current: Preferences, update: unknown): Preferences {
  if (typeof update !== 'object' || update === null) return current;
  const u = update as Record<string, unknown>;
  const next: Preferences = { ...current, mutes: { ...current.mutes } };
  if (typeof u.sendReadMarkers === 'boolean') next.sendReadMarkers = u.sendReadMarkers;
  if (PRIVACY.includes(u.notificationPrivacy as NotificationPrivacy)) next.notificationPrivacy = u.notificationPrivacy as NotificationPrivacy;
  if (typeof u.closeToTray === 'boolean') next.closeToTray = u.closeToTray;
  if (u.locale === 'system') delete next.locale;
  else if (isLocale(u.locale)) next.locale = u.locale;
  if (typeof u.mutes === 'object' && u.mutes !== null) {
    for (const [peer, mute] of Object.entries(u.mutes as Record<string, unknown>)) {
      if (!isContactJid(peer) || !MUTES.includes(mute as MuteSetting)) continue;
      if (mute === 'none') delete next.mutes[peer];
      else next.mutes[peer] = mute as MuteSetting;
    }
  }
  return next;
}
