import type { SignInErrorCode } from '../../src-shared/contract';
import { t, type MessageKey } from '../i18n';

export const SIGN_IN_ERROR_CODES: readonly SignInErrorCode[] = [
  'malformed-address',
  'wrong-password',
  'unreachable',
  'tls-rejected',
  'tls-unavailable',
  'timeout',
  'other',
];

export function isSignInErrorCode(value: unknown): value is SignInErrorCode {
  return typeof value === 'string' && (SIGN_IN_ERROR_CODES as readonly string[]).includes(value);
}

/** The sentence for a sign-in failure. */
export function signInSentence(code: SignInErrorCode): string {
  return t(`signInError.${code}`);
}

const COMMAND_CODES = ['offline', 'malformed-address', 'too-long', 'empty', 'refused', 'unreachable'] as const;

/** A sentence for the error string of a failed command Result (codes from the core, or a condition). */
export function commandReason(error: string): string {
  if ((COMMAND_CODES as readonly string[]).includes(error)) return t(`commandError.${error as (typeof COMMAND_CODES)[number]}`);
  return t('commandError.other', { error });
}

/** A sentence for something thrown: a lost bridge, a failed IndexedDB write. */
export function thrownReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message || t('commandError.unreachable');
}

/** The full sentence for an error in the app's alert area. */
export function errorText(error: { key: MessageKey; reason: string; code?: string }): string {
  return t(error.key, { reason: error.code ? commandReason(error.code) : error.reason });
}
