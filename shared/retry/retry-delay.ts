import { Backoff } from './backoff.js';
import type { RetryPolicyData } from './compile-retry-policy.js';
import { Jitter } from './jitter.js';

/**
 * Seconds to wait before retry number `retryNumber` (1 for the first retry), exactly as
 * Dagster's `calculate_delay`: EXPONENTIAL `(2ⁿ − 1) · delay`, LINEAR `delay · n`, otherwise
 * `delay` (0 when absent); then Jitter FULL `random() · d`, PLUS_MINUS
 * `d + 2 · random() · delay − delay`. The result is floored at 0, which only matters for an
 * injected `random` outside [0, 1).
 * The result may be fractional: a Step Functions Wait needs it rounded.
 *
 * @default random Math.random
 * @example
 * retryDelaySeconds({ maxRetries: 3, delay: 2, backoff: Backoff.EXPONENTIAL }, 3) // → 14
 */
export function retryDelaySeconds(
  policy: RetryPolicyData,
  retryNumber: number,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(retryNumber) || retryNumber < 1) {
    throw new RangeError(`retryDelaySeconds: retryNumber must be an integer ≥ 1 (1 = first retry), got ${retryNumber}`);
  }
  const base = policy.delay ?? 0;
  if (base === 0) return 0;
  let delay: number;
  if (policy.backoff === Backoff.EXPONENTIAL) delay = (2 ** retryNumber - 1) * base;
  else if (policy.backoff === Backoff.LINEAR) delay = base * retryNumber;
  else delay = base;

  if (policy.jitter === Jitter.FULL) delay = random() * delay;
  else if (policy.jitter === Jitter.PLUS_MINUS) delay = delay + 2 * random() * base - base;
  return Math.max(0, delay);
}
