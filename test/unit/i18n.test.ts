import { describe, expect, it, vi } from 'vitest';
import { effectiveLocale, en, interpolate, isLocale, resolveLocale, translate, zhCN, type Locale } from '../../src-shared/i18n';
import { migrateStoredLocale } from '../../src-renderer/i18n/stored-locale';

describe('catalogue', () => {
  it('has the same keys in every table', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the same placeholders in every translation', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(names(zhCN[key]), key).toEqual(names(en[key]));
  });

  it('has the exact English strings the tests and people rely on', () => {
    expect(en['conversations.label']).toBe('Conversations');
    expect(en['composer.label']).toBe('Message');
    expect([en['status.pending'], en['status.sent'], en['status.delivered'], en['status.read'], en['status.failed']]).toEqual([
      'Pending',
      'Sent',
      'Delivered',
      'Read',
      'Failed',
    ]);
    expect(en['settings.sendReadMarkers']).toBe('Send read markers');
    expect([en['conversation.newMessages'], zhCN['conversation.newMessages']]).toEqual(['New messages', '新消息']);
    expect([en['signIn.address'], en['signIn.password'], en['signIn.server'], en['signIn.submit']]).toEqual([
      'Address',
      'Password',
      'Server (optional)',
      'Sign in',
    ]);
  });

  it('has a distinct sentence per sign-in error', () => {
    const codes = ['malformed-address', 'wrong-password', 'unreachable', 'tls-rejected', 'tls-unavailable', 'timeout', 'other'] as const;
    for (const table of [en, zhCN]) {
      const sentences = codes.map((c) => table[`signInError.${c}`]);
      expect(new Set(sentences).size).toBe(codes.length);
    }
  });
});

describe('resolveLocale', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh_TW', 'zh-CN'],
    ['ZH-hk', 'zh-CN'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['zu', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });
});

describe('effectiveLocale', () => {
  it.each<[Locale | undefined, string | undefined, Locale]>([
    ['zh-CN', 'en-US', 'zh-CN'],
    ['en', 'zh-CN', 'en'],
    [undefined, 'zh-CN', 'zh-CN'],
    [undefined, 'en-US', 'en'],
    [undefined, undefined, 'en'],
  ])('choice %s, system %s → %s', (preference, system, expected) => {
    expect(effectiveLocale(preference, system)).toBe(expected);
  });

  it('knows only its own locales', () => {
    expect(['en', 'zh-CN', 'zh', 'fr', undefined, 1].map(isLocale)).toEqual([true, true, false, false, false, false]);
  });
});

describe('migrateStoredLocale', () => {
  function storage(initial: Record<string, string>) {
    const items = new Map(Object.entries(initial));
    return { items, getItem: (key: string) => items.get(key) ?? null, removeItem: (key: string) => void items.delete(key) };
  }

  it('moves the old stored choice into the preferences when the core has none, then removes it', async () => {
    const store = storage({ 'glance.locale': 'zh-CN', 'glance.reading': '{}' });
    const save = vi.fn(async () => undefined);
    await migrateStoredLocale(undefined, () => store, save);
    expect(save.mock.calls).toEqual([['zh-CN']]);
    expect([...store.items.keys()]).toEqual(['glance.reading']);
    await migrateStoredLocale(undefined, () => store, save);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps the choice the core already has, and removes the stored one', async () => {
    const store = storage({ 'glance.locale': 'zh-CN' });
    const save = vi.fn(async () => undefined);
    await migrateStoredLocale('en', () => store, save);
    expect(save).not.toHaveBeenCalled();
    expect(store.items.size).toBe(0);
  });

  it('drops a stored value that is not a language Glance speaks', async () => {
    const store = storage({ 'glance.locale': 'fr' });
    const save = vi.fn(async () => undefined);
    await migrateStoredLocale(undefined, () => store, save);
    expect(save).not.toHaveBeenCalled();
    expect(store.items.size).toBe(0);
  });

  it('does nothing without storage', async () => {
    const save = vi.fn(async () => undefined);
    await migrateStoredLocale(
      undefined,
      () => {
        throw new Error('SecurityError');
      },
      save,
    );
    expect(save).not.toHaveBeenCalled();
  });
});

describe('translate', () => {
  it('interpolates names and leaves unknown placeholders', () => {
    expect(interpolate('Hi {name}, {other}', { name: 'Ann' }, 'en')).toBe('Hi Ann, {other}');
    expect(interpolate('{n} items', { n: 12345 }, 'en')).toBe('12,345 items');
  });

  it('picks plural forms by count', () => {
    expect(translate('en', 'unread', { count: 1 })).toBe('1 unread');
    expect(translate('en', 'unread', { count: 3 })).toBe('3 unread');
    expect(translate('zh-CN', 'unread', { count: 3 })).toBe('3 条未读');
  });

  it('translates plain keys', () => {
    expect(translate('en', 'status.read')).toBe('Read');
    expect(translate('zh-CN', 'status.read')).toBe('已读');
    expect(translate('en', 'connection.connecting', { attempt: 2 })).toBe('Connecting… (attempt 2)');
  });
});
