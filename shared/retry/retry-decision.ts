import { isFailure } from '../events/failure.js';
import { isRetryRequested } from '../errors/retry-requested.js';
import type { RetryPolicyData } from './compile-retry-policy.js';
import { retryDelaySeconds } from './retry-delay.js';

/**
 * Whether a failed attempt is retried. `maxRetries` is the limit that applied (for
 * "Exceeded max_retries of N"): the RetryRequested's own, else the policy's.
 */
export type RetryDecision =
  | { retry: true; delaySeconds: number; maxRetries: number }
  | { retry: false; reason: 'failure-disallows-retries' | 'exhausted' | 'no-policy'; maxRetries?: number };

/** Input of {@link decideRetry}. */
export interface DecideRetryInput {
  /** What the attempt threw. */
  error: unknown;
  /** The 1-based attempt that just failed. */
  attempt: number;
  /** The op's effective retry policy (call site, op, then job's `opRetryPolicy`), if any. */
  policy?: RetryPolicyData;
  /** @default Math.random */
  random?: () => number;
}

/**
 * Decides, as Dagster does, whether a failed attempt is retried and after how long:
 * 1. a `RetryRequested` is checked first and honoured exactly (its own maxRetries and
 *    secondsToWait, whatever the policy);
 * 2. a `Failure({ allowRetries: false })` is never retried;
 * 3. otherwise the policy decides, with {@link retryDelaySeconds} for retry number `attempt`;
 *    no policy, no retry.
 * Retries are exhausted when `attempt − 1 ≥ maxRetries`.
 *
 * @example
 * decideRetry({ error: new Error('boom'), attempt: 1, policy: new RetryPolicy({ maxRetries: 2, delay: 3 }) })
 * // → { retry: true, delaySeconds: 3, maxRetries: 2 }
 */
export function decideRetry(input: DecideRetryInput): RetryDecision {
  const { error, attempt, policy, random = Math.random } = input;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`decideRetry: attempt must be an integer ≥ 1 (the attempt that just failed), got ${attempt}`);
  }
  const previousAttempts = attempt - 1;
  if (isRetryRequested(error)) {
    if (previousAttempts >= error.maxRetries)
      return { retry: false, reason: 'exhausted', maxRetries: error.maxRetries };
    return { retry: true, delaySeconds: error.secondsToWait, maxRetries: error.maxRetries };
  }
  if (isFailure(error) && !error.allowRetries) {
    return policy === undefined
      ? { retry: false, reason: 'failure-disallows-retries' }
      : { retry: false, reason: 'failure-disallows-retries', maxRetries: policy.maxRetries };
  }
  if (policy === undefined) return { retry: false, reason: 'no-policy' };
  if (previousAttempts >= policy.maxRetries)
    return { retry: false, reason: 'exhausted', maxRetries: policy.maxRetries };
  return { retry: true, delaySeconds: retryDelaySeconds(policy, attempt, random), maxRetries: policy.maxRetries };
}
