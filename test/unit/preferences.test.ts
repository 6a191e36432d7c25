import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../src-shared/contract';
import { savePreferences, sendsReadMarkers } from '../../src-renderer/app/preferences';

function snapshotWith(preferences: Partial<Snapshot['preferences']>): Snapshot {
  return {
    connection: { status: 'signed-out' }, ownPresence: 'available', contacts: [], requests: [], systemLocale: 'en',
    preferences: { sendReadMarkers: true, ...preferences } as Snapshot['preferences'],
  };
}

describe('preferences', () => {
  it('"Send read markers" is on by default, also when the snapshot has no preferences', () => {
    expect(sendsReadMarkers(undefined)).toBe(true);
    expect(sendsReadMarkers({ ...snapshotWith({}), preferences: undefined } as unknown as Snapshot)).toBe(true);
    expect(sendsReadMarkers(snapshotWith({ sendReadMarkers: false }))).toBe(false);
  });

  it('sends only the change and shows it at once', async () => {
    const state = { snapshot: snapshotWith({}) };
    const invoke = vi.fn(async () => undefined);
    const saving = savePreferences(state, { invoke } as never, { sendReadMarkers: false }, vi.fn());
    expect(state.snapshot.preferences.sendReadMarkers).toBe(false);
    await saving;
    expect(invoke).toHaveBeenCalledWith('setPreferences', { sendReadMarkers: false });
  });

  it('puts the old value back and reports when the core cannot take it', async () => {
    const state = { snapshot: snapshotWith({}) };
    const onError = vi.fn();
    await savePreferences(state, { invoke: async () => Promise.reject(new Error('lost')) } as never, { sendReadMarkers: false }, onError);
    expect(state.snapshot.preferences.sendReadMarkers).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
