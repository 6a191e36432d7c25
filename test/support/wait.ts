export interface WaitOptions {
  timeout?: number;
  interval?: number;
  /** What was awaited, for the timeout error; a function is evaluated only when it fails. */
  message?: string | (() => string);
}

export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/**
 * Polls `probe` until it returns (or resolves to) a truthy value and resolves with that value.
 * A probe that throws counts as "not yet"; its last error is included in the timeout error.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeout = 10_000, interval = 20, message = 'condition' }: WaitOptions = {},
): Promise<Truthy<T>> {
  const started = Date.now();
  const deadline = started + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await withDeadline(Promise.resolve(probe()), deadline);
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = typeof message === 'function' ? message() : message;
      const cause = lastError === undefined ? '' : ` (last error: ${describe(lastError)})`;
      throw new Error(`Timed out after ${Date.now() - started} ms waiting for ${what}${cause}`);
    }
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe still pending at the deadline')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
