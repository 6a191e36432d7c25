import { catalogues } from './catalogues';
import { en, type MessageKey } from './en';
import type { Locale } from './locale';

export type Params = Record<string, string | number>;

/** Base keys of plural strings: "unread" for "unread.one" + "unread.other". */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

/** Replaces {name} placeholders; numbers are formatted for the locale, unknown names stay as written. */
export function interpolate(template: string, params: Params | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat(locale).format(value) : value;
  });
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

/**
 * Looks a string up and fills it in. For a plural base key with a numeric `count`, picks the
 * locale's plural form (falling back to ".other"); a key missing from a table falls back to English.
 */
export function translate(locale: Locale, key: MessageKey | PluralKey, params?: Params): string {
  const table = catalogues[locale] as Record<string, string | undefined>;
  const source = en as Record<string, string | undefined>;
  let id: string = key;
  if (!(key in source) && typeof params?.count === 'number') {
    const form = `${key}.${pluralCategory(locale, params.count)}`;
    id = form in source ? form : `${key}.other`;
  }
  const template = table[id] ?? source[id] ?? id;
  return interpolate(template, params, locale);
}
