import type { PasswordChangeError, RegistrationError } from '../../../src-shared/contract';
import { serverFailure } from '../server-failure';

/** What an error reply said: its defined condition, its type and the server's text. */
interface Refusal {
  condition?: unknown;
  type?: unknown;
  text?: unknown;
}

const textOf = (error: Refusal) => (typeof error.text === 'string' ? error.text : '');

/**
 * Which refusal of a registration the person is told (XEP-0077 §3.1 and what servers answer).
 * Prosody 0.12 answers a taken name with `conflict`; invitation-only registration with
 * `not-acceptable` (or `forbidden` for a bad token) naming the invitation; a closed server with
 * `not-allowed`, `forbidden` or `registration-required`; mod_register_limits's throttle with
 * `policy-violation` of type `wait`; a password policy with `not-acceptable` or
 * `policy-violation` and its reason; a wrong CAPTCHA answer (XEP-0158) `not-acceptable` or
 * `bad-request` naming the CAPTCHA or the answer. Guarded by test/unit/registration-refusals.test.ts and
 * test/integration/registration.test.ts.
 */
export function registrationRefusal(error: unknown): RegistrationError {
  const refusal = (error ?? {}) as Refusal;
  const text = textOf(refusal);
  switch (refusal.condition) {
    case 'conflict':
      return 'address-taken';
    case 'not-allowed':
    case 'forbidden':
    case 'registration-required':
    case 'service-unavailable':
      return /invit/i.test(text) ? 'invitation-only' : 'registration-closed';
    case 'resource-constraint':
      return 'too-many-attempts';
    case 'policy-violation':
      if (refusal.type === 'wait' || /too many|recently|throttl/i.test(text)) return 'too-many-attempts';
      if (/encrypt/i.test(text)) return 'tls-unavailable';
      return 'password-refused';
    case 'bad-request':
      return /captcha|answer/i.test(text) ? 'answer-refused' : serverFailure(error);
    case 'not-acceptable':
      if (/invit/i.test(text)) return 'invitation-only';
      if (/captcha|answer/i.test(text)) return 'answer-refused';
      if (/required value missing/i.test(text)) return 'answer-missing';
      if (/username/i.test(text)) return 'malformed-address';
      return 'password-refused';
    default:
      return serverFailure(error);
  }
}

/** A refused password change (XEP-0077 §3.3): a policy refusal, else what the server said. */
export function passwordChangeRefusal(error: unknown): PasswordChangeError {
  const condition = (error as Refusal | null | undefined)?.condition;
  if (condition === 'not-acceptable' || condition === 'policy-violation') return 'password-refused';
  return serverFailure(error);
}
