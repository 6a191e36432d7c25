import type { MuteSetting, NotificationPrivacy, Preferences } from '../../src-shared/contract';
import { isLocale } from '../../src-shared/i18n';
import { chatWith, conversationKey, parseConversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
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
  if (typeof u.notifyReactions === 'boolean') next.notifyReactions = u.notifyReactions;
  if (typeof u.typingNotices === 'boolean') next.typingNotices = u.typingNotices;
  if (typeof u.roomPictures === 'boolean') next.roomPictures = u.roomPictures;
  if (u.locale === 'system') delete next.locale;
  else if (isLocale(u.locale)) next.locale = u.locale;
  if (typeof u.mutes === 'object' && u.mutes !== null) {
    for (const [key, mute] of Object.entries(u.mutes as Record<string, unknown>)) {
      const conversation = parseConversationKey(key);
      if (!conversation || !isContactJid(conversation.jid) || !MUTES.includes(mute as MuteSetting)) continue;
      // A room's "All messages" is kept: a public channel's default is mentions only.
      if (mute === 'none' && conversation.kind === 'chat') delete next.mutes[conversationKey(conversation)];
      else next.mutes[conversationKey(conversation)] = mute as MuteSetting;
    }
  }
  return next;
}

/** Conversations an update muted, or muted differently: their notifications close. */
export function newlyMuted(before: Preferences, after: Preferences): ConversationRef[] {
  return Object.entries(after.mutes).flatMap(([key, mute]) => {
    const conversation = parseConversationKey(key);
    return conversation && mute !== 'none' && before.mutes[conversationKey(conversation)] !== mute ? [conversation] : [];
  });
}

/**
 * Stored preferences in today's shape, whatever version wrote them: mutes were once keyed by the
 * contact's bare JID, and are now keyed by conversation (`chat:alice@example.org`). Pure; what
 * it cannot read is left for `mergePreferences` to drop.
 */
export function migrateStoredPreferences(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const { mutes } = stored as Record<string, unknown>;
  if (typeof mutes !== 'object' || mutes === null) return stored;
  const migrated: Record<string, unknown> = {};
  for (const [key, mute] of Object.entries(mutes)) {
    const conversation = migratedMuteKey(key);
    if (conversation) migrated[conversation] = mute;
  }
  return { ...stored, mutes: migrated };
}

/** A mute's key as stored by any version, as a ConversationKey; undefined for junk. */
export function migratedMuteKey(key: string): ConversationKey | undefined {
  if (/^(?:chat|room):/u.test(key)) {
    const conversation = parseConversationKey(key);
    return conversation && conversationKey(conversation);
  }
  return isContactJid(key) ? conversationKey(chatWith(key)) : undefined;
}
