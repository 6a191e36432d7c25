import type { ServerFailure } from '../../src-shared/contract';
import { isStanzaErrorCondition } from '../../src-shared/stanza-errors';

/**
 * What a failed request to the server is for the page (the contract's ServerFailure): `offline`
 * and `timeout` from the connection (their errors carry that `condition`), the server's defined
 * condition from an error reply (any other name it gives is `undefined-condition`), and `failed`
 * for anything else. Guarded by test/unit/contract-errors.test.ts.
 */
export function serverFailure(error: unknown): ServerFailure {
  const condition = (error as { condition?: unknown } | null | undefined)?.condition;
  if (condition === 'offline' || condition === 'timeout') return condition;
  if (typeof condition !== 'string') return 'failed';
  return isStanzaErrorCondition(condition) ? condition : 'undefined-condition';
}
