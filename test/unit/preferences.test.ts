import { describe, expect, it, vi } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import type { Snapshot } from '../../src-shared/contract';
import { closesToTray, isMuted, muteOf, notificationPrivacy, savePreferences, sendsReadMarkers, withChange } from '../../src-renderer/app/preferences';

function snapshotWith(preferences: Partial<Snapshot['preferences']>): Snapshot {
  return {
    connection: { status: 'signed-out' },
    ownPresence: 'available',
    contacts: [],
    requests: [],
    blocked: [],
    systemLocale: 'en',
    preferences: { sendReadMarkers: true, ...preferences } as Snapshot['preferences'],
    upload: null,
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

  it('merges mutes per conversation, as the core does ("none" removes one), and shows it at once', async () => {
    const before = { sendReadMarkers: true, notificationPrivacy: 'sender' as const, mutes: { 'chat:a@x.org': 'all' as const } };
    expect(withChange(before, { mutes: { 'chat:b@x.org': 'all' } }).mutes).toEqual({ 'chat:a@x.org': 'all', 'chat:b@x.org': 'all' });
    expect(withChange(before, { mutes: { 'chat:a@x.org': 'none' } }).mutes).toEqual({});
    // A room's "All messages" is a choice of its own: a public channel's default is mentions only.
    expect(withChange(before, { mutes: { 'room:hall@rooms.x.org': 'none' } }).mutes).toEqual({ 'chat:a@x.org': 'all', 'room:hall@rooms.x.org': 'none' });
    expect(withChange(before, { notificationPrivacy: 'nothing' })).toEqual({ ...before, notificationPrivacy: 'nothing' });
    expect(before.mutes).toEqual({ 'chat:a@x.org': 'all' });
    const state = { snapshot: snapshotWith(before) };
    const invoke = vi.fn(async () => undefined);
    await savePreferences(state, { invoke } as never, { mutes: { 'chat:b@x.org': 'all' } }, vi.fn());
    expect(state.snapshot.preferences.mutes).toEqual({ 'chat:a@x.org': 'all', 'chat:b@x.org': 'all' });
    expect(invoke).toHaveBeenCalledWith('setPreferences', { mutes: { 'chat:b@x.org': 'all' } });
  });

  it('sets the language, and "system" removes the choice, shown at once', async () => {
    const before = { sendReadMarkers: true, notificationPrivacy: 'sender' as const, mutes: {} };
    expect(withChange(before, { locale: 'zh-CN' })).toEqual({ ...before, locale: 'zh-CN' });
    expect(withChange({ ...before, locale: 'zh-CN' }, { locale: 'system' })).toEqual(before);
    expect(withChange({ ...before, locale: 'zh-CN' }, { sendReadMarkers: false })).toEqual({ ...before, locale: 'zh-CN', sendReadMarkers: false });
    const state = { snapshot: snapshotWith({ locale: 'zh-CN' }) };
    const invoke = vi.fn(async () => undefined);
    await savePreferences(state, { invoke } as never, { locale: 'system' }, vi.fn());
    expect(state.snapshot.preferences).not.toHaveProperty('locale');
    expect(invoke).toHaveBeenCalledWith('setPreferences', { locale: 'system' });
  });

  it('reads mutes, privacy and close-to-tray with their defaults', () => {
    expect([muteOf(undefined, chatWith('a@x.org')), muteOf({ 'chat:a@x.org': 'mentions' }, chatWith('a@x.org'))]).toEqual(['none', 'mentions']);
    expect([
      isMuted({ 'chat:a@x.org': 'all' }, chatWith('a@x.org')),
      isMuted({ 'room:a@x.org': 'all' }, chatWith('a@x.org')),
      isMuted({}, chatWith('a@x.org')),
    ]).toEqual([true, false, false]);
    // A public channel notifies only for mentions unless chosen otherwise; a private group for every message.
    const room = (jid: string, isPrivate: boolean) => ({
      jid,
      nick: 'n',
      state: 'joined' as const,
      participants: 2,
      private: isPrivate,
      archived: true,
      joins: 1,
    });
    const rooms = [room('hall@rooms.x.org', false), room('team@rooms.x.org', true)];
    expect([
      muteOf({}, { kind: 'room', jid: 'hall@rooms.x.org' }, rooms),
      muteOf({}, { kind: 'room', jid: 'team@rooms.x.org' }, rooms),
      muteOf({ 'room:hall@rooms.x.org': 'all' }, { kind: 'room', jid: 'hall@rooms.x.org' }, rooms),
      muteOf({ 'room:hall@rooms.x.org': 'none' }, { kind: 'room', jid: 'hall@rooms.x.org' }, rooms),
    ]).toEqual(['mentions', 'none', 'all', 'none']);
    expect(notificationPrivacy(undefined)).toBe('sender-and-text');
    expect(notificationPrivacy(snapshotWith({ notificationPrivacy: 'nothing' }))).toBe('nothing');
    expect(closesToTray(snapshotWith({}), 'Mozilla/5.0 (X11; Linux x86_64)')).toBe(true);
    expect(closesToTray(snapshotWith({}), 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe(false);
    expect(closesToTray(snapshotWith({ closeToTray: false }), 'Linux')).toBe(false);
  });
});
