import { en, type MessageKey } from './en';
import type { Locale } from './locale';
import { zhCN } from './zh-cn';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
