import type { GlanceBridge, Preferences, Snapshot } from '../../src-shared/contract';

/** "Send read markers" until the core says otherwise (on by default). */
export function sendsReadMarkers(snapshot: Snapshot | undefined): boolean {
  return snapshot?.preferences?.sendReadMarkers ?? true;
}

/**
 * Changes some preferences: shown at once (in the held snapshot), put back if the core could not
 * take them, and `onError` told. The core's next snapshot carries the truth either way.
 */
export async function savePreferences(
  state: { snapshot: Snapshot | undefined },
  bridge: Pick<GlanceBridge, 'invoke'>,
  change: Partial<Preferences>,
  onError: (error: unknown) => void,
): Promise<void> {
  const before = state.snapshot?.preferences;
  const after = before && { ...before, ...change };
  if (state.snapshot && after) state.snapshot = { ...state.snapshot, preferences: after };
  try {
    await bridge.invoke('setPreferences', change);
  } catch (error) {
    const current = state.snapshot;
    if (before && current && current.preferences === after) state.snapshot = { ...current, preferences: before };
    onError(error);
  }
}
