/**
 * Randomness added to a retry delay d, as Dagster's `Jitter`: FULL waits `random() · d`,
 * PLUS_MINUS waits `d ± delay` (uniformly, never below 0).
 *
 * @example
 * new RetryPolicy({ maxRetries: 5, delay: 2, backoff: Backoff.EXPONENTIAL, jitter: Jitter.FULL })
 */
export const Jitter = {
  FULL: 'FULL',
  PLUS_MINUS: 'PLUS_MINUS',
} as const;

export type Jitter = (typeof Jitter)[keyof typeof Jitter];
