/**
 * How BatchWriteItem/BatchGetItem leftovers (UnprocessedItems/UnprocessedKeys) are retried.
 * A round that made progress retries after a short jittered pause and does not count;
 * a round that made none counts against `maxRetries` and backs off exponentially.
 *
 * @example
 * new EventLogStore({ client, tableName, retry: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 1000 } });
 */
export interface BatchRetryPolicy {
  /** Rounds without progress before giving up. @default 8 */
  readonly maxRetries: number;
  /** First backoff step, in milliseconds. @default 50 */
  readonly baseDelayMs: number;
  /** Cap of one backoff pause, in milliseconds. @default 5000 */
  readonly maxDelayMs: number;
}

/** The defaults: at most ~15 s of waiting for a batch that makes no progress. */
export const DEFAULT_BATCH_RETRY_POLICY: BatchRetryPolicy = { maxRetries: 8, baseDelayMs: 50, maxDelayMs: 5000 };

/**
 * Pause before the next round: exponential in the number of stalled rounds, with
 * "equal jitter" (half fixed, half random) so concurrent Lambdas spread out but still wait.
 */
export function batchRetryDelayMs(
  stalledRounds: number,
  policy: Pick<BatchRetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** stalledRounds);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
