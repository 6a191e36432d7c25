import type { CommandErrorCode, SignInErrorCode } from '../../src-shared/contract';
import { UNREACHABLE } from './outbox';
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

/** Every code a failed command can show: the contract's codes, and `unreachable` (the bridge call itself threw). */
export type ReasonCode = CommandErrorCode | typeof UNREACHABLE;

/**
 * The sentence of each code. Typed over the whole union, so a code the contract adds without a
 * sentence does not compile. The server's rarer conditions (RFC 6120 §8.3.3) share one sentence
 * that names the condition; those a person meets in practice have their own.
 */
const REASON_KEYS: { readonly [C in ReasonCode]: MessageKey } = {
  offline: 'commandError.offline',
  timeout: 'commandError.timeout',
  failed: 'commandError.failed',
  unreachable: 'commandError.unreachable',
  'malformed-address': 'commandError.malformed-address',
  unsupported: 'commandError.unsupported',
  empty: 'commandError.empty',
  'too-long': 'commandError.too-long',
  'bad-id': 'commandError.bad-id',
  'bad-target': 'commandError.bad-target',
  refused: 'commandError.refused',
  'wrong-password': 'commandError.wrong-password',
  'server-unreachable': 'commandError.server-unreachable',
  'tls-rejected': 'commandError.tls-rejected',
  'tls-unavailable': 'commandError.tls-unavailable',
  'address-taken': 'commandError.address-taken',
  'registration-closed': 'commandError.registration-closed',
  'invitation-only': 'commandError.invitation-only',
  'too-many-attempts': 'commandError.too-many-attempts',
  'password-refused': 'commandError.password-refused',
  'answer-missing': 'commandError.answer-missing',
  'answer-refused': 'commandError.answer-refused',
  'confirmation-mismatch': 'commandError.confirmation-mismatch',
  'no-upload-service': 'commandError.no-upload-service',
  'too-large': 'commandError.too-large',
  quota: 'commandError.quota',
  'insecure-url': 'commandError.insecure-url',
  'upload-failed': 'commandError.upload-failed',
  cancelled: 'commandError.cancelled',
  'download-failed': 'commandError.download-failed',
  'not-found': 'commandError.not-found',
  'not-a-picture': 'commandError.not-a-picture',
  'hash-mismatch': 'commandError.hash-mismatch',
  'no-such-room': 'commandError.no-such-room',
  'members-only': 'commandError.members-only',
  banned: 'commandError.banned',
  'nickname-taken': 'commandError.nickname-taken',
  'password-required': 'commandError.password-required',
  'password-wrong': 'commandError.password-wrong',
  'room-full': 'commandError.room-full',
  'room-service-unavailable': 'commandError.room-service-unavailable',
  'not-joined': 'commandError.not-joined',
  'no-conference-service': 'commandError.no-conference-service',
  'creation-forbidden': 'commandError.creation-forbidden',
  'name-missing': 'commandError.name-missing',
  'no-address': 'commandError.no-address',
  'not-permitted': 'commandError.not-permitted',
  'occupant-gone': 'commandError.occupant-gone',
  'bad-request': 'commandError.bad-request',
  'feature-not-implemented': 'commandError.feature-not-implemented',
  forbidden: 'commandError.forbidden',
  'internal-server-error': 'commandError.internal-server-error',
  'item-not-found': 'commandError.item-not-found',
  'jid-malformed': 'commandError.jid-malformed',
  'not-acceptable': 'commandError.not-acceptable',
  'not-allowed': 'commandError.not-allowed',
  'not-authorized': 'commandError.not-authorized',
  'policy-violation': 'commandError.policy-violation',
  'recipient-unavailable': 'commandError.recipient-unavailable',
  'remote-server-not-found': 'commandError.remote-server-not-found',
  'remote-server-timeout': 'commandError.remote-server-timeout',
  'resource-constraint': 'commandError.resource-constraint',
  'service-unavailable': 'commandError.service-unavailable',
  conflict: 'commandError.serverRefused',
  gone: 'commandError.serverRefused',
  redirect: 'commandError.serverRefused',
  'registration-required': 'commandError.serverRefused',
  'subscription-required': 'commandError.serverRefused',
  'undefined-condition': 'commandError.serverRefused',
  'unexpected-request': 'commandError.serverRefused',
};

export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && Object.hasOwn(REASON_KEYS, value);
}

/** The sentence for the error code of a failed command Result. */
export function commandReason(code: ReasonCode): string {
  return t(REASON_KEYS[code], { condition: code });
}

/**
 * The sentence for a failed message's stored error: a code as above, or whatever an older
 * version or a peer's server put there (shown as the server's own words).
 */
export function storedFailureReason(error: string | undefined): string {
  if (error === undefined) return commandReason(UNREACHABLE);
  return isReasonCode(error) ? commandReason(error) : t('commandError.other', { error });
}

/** A sentence for something thrown: a lost bridge, a failed IndexedDB write. */
export function thrownReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message || t('commandError.unreachable');
}

/** The full sentence for an error in the app's alert area. */
export function errorText(error: { key: MessageKey; reason: string; code?: ReasonCode }): string {
  return t(error.key, { reason: error.code ? commandReason(error.code) : error.reason });
}
