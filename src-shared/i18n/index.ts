/** The one message catalogue and its pure lookup: no DOM, no framework, so every process shares it. */
export { catalogues } from './catalogues';
export { en, type MessageKey } from './en';
export { effectiveLocale, isLocale, LOCALES, resolveLocale, type Locale } from './locale';
export { interpolate, translate, type Params, type PluralKey } from './translate';
export { zhCN } from './zh-cn';
