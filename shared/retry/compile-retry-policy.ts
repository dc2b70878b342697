import { DefinitionError } from '../errors/definition-error.js';
import { describeValue } from '../errors/describe-value.js';
import { Backoff } from './backoff.js';
import { Jitter } from './jitter.js';

/** Options of `RetryPolicy`, as Dagster's `RetryPolicy(max_retries, delay, backoff, jitter)`. */
export interface RetryPolicyOptions {
  /**
   * Retries after the first attempt.
   * @default 1
   */
  maxRetries?: number;
  /** Base delay in seconds between attempts; no delay when absent. Required by `backoff` and `jitter`. */
  delay?: number;
  /** How the delay grows; constant `delay` when absent. */
  backoff?: Backoff;
  /** Randomness on the delay; none when absent. */
  jitter?: Jitter;
}

/** A validated retry policy as plain data (what the compiler and the executor read). */
export type RetryPolicyData = {
  readonly maxRetries: number;
  readonly delay?: number;
  readonly backoff?: Backoff;
  readonly jitter?: Jitter;
};

/**
 * Validates retry-policy options and returns them as frozen plain data, absent fields left out.
 * Errors are {@link DefinitionError}s (subject `RetryPolicy`) naming the field and the fix.
 *
 * @example
 * compileRetryPolicy({ maxRetries: 3, delay: 1, backoff: Backoff.EXPONENTIAL })
 * // → { maxRetries: 3, delay: 1, backoff: 'EXPONENTIAL' }
 */
export function compileRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicyData {
  if (typeof options !== 'object' || options === null) {
    fail(`RetryPolicy expects { maxRetries?, delay?, backoff?, jitter? }, got ${describeValue(options)}`);
  }
  const { maxRetries = 1, delay, backoff, jitter } = options;
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0) {
    fail(`RetryPolicy.maxRetries must be a non-negative integer, got ${describeValue(maxRetries)}`);
  }
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)) {
    fail(`RetryPolicy.delay must be a finite number of seconds ≥ 0, got ${describeValue(delay)}`);
  }
  checkMember('backoff', backoff, Backoff, 'Backoff');
  checkMember('jitter', jitter, Jitter, 'Jitter');
  if (backoff !== undefined && delay === undefined) {
    fail('RetryPolicy.backoff requires RetryPolicy.delay: set delay (seconds) or remove backoff');
  }
  if (jitter !== undefined && delay === undefined) {
    fail('RetryPolicy.jitter requires RetryPolicy.delay: set delay (seconds) or remove jitter');
  }
  return Object.freeze({
    maxRetries,
    ...(delay === undefined ? {} : { delay }),
    ...(backoff === undefined ? {} : { backoff }),
    ...(jitter === undefined ? {} : { jitter }),
  });
}

function checkMember(field: string, value: unknown, allowed: Readonly<Record<string, string>>, typeName: string): void {
  if (value === undefined) return;
  const values = Object.values(allowed);
  if (typeof value === 'string' && values.includes(value)) return;
  fail(
    `RetryPolicy.${field} must be one of ${values.map((v) => `${typeName}.${v}`).join(', ')}, got ${describeValue(value)}`,
  );
}

function fail(message: string): never {
  throw new DefinitionError(message, { subject: 'RetryPolicy' });
}
