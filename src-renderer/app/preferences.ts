import type { GlanceBridge, MuteSetting, NotificationPrivacy, Preferences, PreferencesChange, RoomSummary, Snapshot } from '../../src-shared/contract';
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

/**
 * A conversation's mute setting: the person's choice, else the default: a public channel (a room
 * that is not a private group) only for mentions, everything else 'none' (docs/architecture.md,
 * notifications; the core's notifier keeps the same default).
 */
export function muteOf(mutes: Preferences['mutes'] | undefined, conversation: ConversationRef, rooms?: readonly RoomSummary[]): MuteSetting {
  const chosen = mutes?.[conversationKey(conversation)];
  if (chosen) return chosen;
  return conversation.kind === 'room' && !rooms?.find((room) => room.jid === conversation.jid)?.private ? 'mentions' : 'none';
}

/** Muted conversations, mentions-only ones included: the list shows them as muted. */
export function isMuted(mutes: Preferences['mutes'] | undefined, conversation: ConversationRef, rooms?: readonly RoomSummary[]): boolean {
  return muteOf(mutes, conversation, rooms) !== 'none';
}

/**
 * The preferences after a partial change, as the core merges them: mutes per conversation, 'none'
 * removes a chat's (a room's is kept: its default may be mentions only); the language 'system'
 * removes the choice.
 */
export function withChange(before: Preferences, change: PreferencesChange): Preferences {
  const { locale, ...rest } = change;
  const next: Preferences = { ...before, ...rest, mutes: { ...before.mutes } };
  if (locale === 'system') delete next.locale;
  else if (locale) next.locale = locale;
  for (const [conversation, mute] of Object.entries(change.mutes ?? {}) as [ConversationKey, MuteSetting | undefined][]) {
    if (mute === undefined || (mute === 'none' && !conversation.startsWith('room:'))) delete next.mutes[conversation];
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
