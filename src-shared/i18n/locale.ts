/** The languages Glance speaks. */
export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The catalogue locale for a BCP 47 tag: any Chinese tag gets Simplified Chinese, all else English. */
export function resolveLocale(tag: string | undefined): Locale {
  return tag && /^zh(?:-|_|$)/iu.test(tag) ? 'zh-CN' : 'en';
}

/** The language everything is shown in: the person's choice in Settings, else the system's. */
export function effectiveLocale(preference: Locale | undefined, systemTag: string | undefined): Locale {
  return preference ?? resolveLocale(systemTag);
}
