import type { SignInError, SignInErrorCode } from '../../../src-shared/contract';

/** Thrown when a server offers no TLS and is not on this machine. */
export class TlsRequiredError extends Error {
  constructor() {
    super('The server offered no encryption (STARTTLS or direct TLS)');
    this.name = 'TlsRequiredError';
  }
}

export class SignInFailure extends Error {
  constructor(readonly signInError: SignInError) {
    super(signInError.detail);
    this.name = 'SignInFailure';
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);

// Node's TLS verification failures (OpenSSL verify codes plus Node's own host-name check).
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/;

/** Maps anything a connection attempt throws to the reason a person is shown. */
export function classifySignInError(error: unknown): SignInError {
  if (error instanceof SignInFailure) return error.signInError;
  const e = (error ?? {}) as { name?: string; code?: string; condition?: string; message?: string };
  const detail = [e.code, e.condition, e.message].filter(Boolean).join(': ') || String(error);
  return { code: codeFor(e), detail };
}

function codeFor(e: { name?: string; code?: string; condition?: string; message?: string }): SignInErrorCode {
  if (e.name === 'TlsRequiredError') return 'tls-unavailable';
  if (e.name === 'SASLError') {
    return e.condition === 'not-authorized' || e.condition === 'account-disabled' || e.condition === 'credentials-expired' ? 'wrong-password' : 'other';
  }
  if (e.code && CERTIFICATE_CODE.test(e.code)) return 'tls-rejected';
  if (e.code && UNREACHABLE_CODES.has(e.code)) return 'unreachable';
  if (e.name === 'TimeoutError') return 'timeout';
  // @xmpp/resolve reports an SRV/host-meta walk that reached nothing with these messages.
  if (e.message === "Couldn't connect" || e.message === 'No compatible transport found.') return 'unreachable';
  if (e.condition === 'host-unknown' || e.condition === 'remote-connection-failed') return 'unreachable';
  return 'other';
}

/** Errors that retrying cannot fix: the person has to act. */
export function isPermanent(error: SignInError): boolean {
  return error.code === 'wrong-password' || error.code === 'tls-rejected' || error.code === 'tls-unavailable' || error.code === 'malformed-address';
}
