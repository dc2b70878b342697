/**
 * How a retry policy's delay grows with the retry number n (1-based), as Dagster's `Backoff`:
 * LINEAR waits `delay · n`, EXPONENTIAL waits `(2ⁿ − 1) · delay`.
 *
 * @example
 * new RetryPolicy({ maxRetries: 3, delay: 1, backoff: Backoff.EXPONENTIAL }) // waits 1 s, 3 s, 7 s
 */
export const Backoff = {
  LINEAR: 'LINEAR',
  EXPONENTIAL: 'EXPONENTIAL',
} as const;

export type Backoff = (typeof Backoff)[keyof typeof Backoff];
