import type { GlanceBridge, MuteSetting, NotificationPrivacy, Preferences, PreferencesChange, Snapshot } from '../../src-shared/contract';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';

/** "Send read markers" until the core says otherwise (on by default). */
export function sendsReadMarkers(snapshot: Snapshot | undefined): boolean {
  return snapshot?.preferences?.sendReadMarkers ?? true;
}

/** What notifications show until the core says otherwise. */
export function notificationPrivacy(snapshot: Snapshot | undefined): NotificationPrivacy {
  return snapshot?.preferences?.notificationPrivacy ?? 'sender-and-text';
}

/**
 * "Keep Glance running when the window is closed": unset means the platform's default, which the
 * shell applies (on, except on macOS, where the dock keeps the app).
 */
export function closesToTray(snapshot: Snapshot | undefined, platform = typeof navigator === 'undefined' ? '' : navigator.userAgent): boolean {
  return snapshot?.preferences?.closeToTray ?? !/Mac OS X|Macintosh/u.test(platform);
}

/** A conversation's mute setting ('none' when it has none). */
export function muteOf(mutes: Preferences['mutes'] | undefined, conversation: ConversationRef): MuteSetting {
  return mutes?.[conversationKey(conversation)] ?? 'none';
}

/** Muted conversations neither notify nor count toward the badge (mentions-only ones included: mentions are not counted yet). */
export function isMuted(mutes: Preferences['mutes'] | undefined, conversation: ConversationRef): boolean {
  return muteOf(mutes, conversation) !== 'none';
}

/**
 * The preferences after a partial change, as the core merges them: mutes per conversation, 'none'
 * removes one; the language 'system' removes the choice.
 */
export function withChange(before: Preferences, change: PreferencesChange): Preferences {
  const { locale, ...rest } = change;
  const next: Preferences = { ...before, ...rest, mutes: { ...before.mutes } };
  if (locale === 'system') delete next.locale;
  else if (locale) next.locale = locale;
  for (const [conversation, mute] of Object.entries(change.mutes ?? {}) as [ConversationKey, MuteSetting | undefined][]) {
    if (mute === 'none' || mute === undefined) delete next.mutes[conversation];
    else next.mutes[conversation] = mute;
  }
  return next;
}

/**
 * Changes some preferences: shown at once (in the held snapshot), put back if the core could not
 * take them, and `onError` told. The core's next snapshot carries the truth either way.
 */
export async function savePreferences(
  state: { snapshot: Snapshot | undefined },
  bridge: Pick<GlanceBridge, 'invoke'>,
  change: PreferencesChange,
  onError: (error: unknown) => void,
): Promise<void> {
  const before = state.snapshot?.preferences;
  const after = before && withChange(before, change);
  if (state.snapshot && after) state.snapshot = { ...state.snapshot, preferences: after };
  try {
    await bridge.invoke('setPreferences', change);
  } catch (error) {
    const current = state.snapshot;
    if (before && current && current.preferences === after) state.snapshot = { ...current, preferences: before };
    onError(error);
  }
}
