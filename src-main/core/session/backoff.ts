export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Share of each delay that is randomised, 0..1. */
  jitter: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, jitter: 0.5 };

/**
 * Delay before retry number `attempt` (1-based): doubling from `initialMs`, capped at `maxMs`,
 * with the top `jitter` share randomised so that many clients dropped together do not return
 * together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = RECONNECT_BACKOFF, random = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const fixed = exponential * (1 - policy.jitter);
  return Math.round(fixed + exponential * policy.jitter * random());
}
