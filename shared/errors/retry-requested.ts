import { describeValue } from './describe-value.js';
import { StepsterError, type StepsterErrorOptions } from './stepster-error.js';

/** Options of {@link RetryRequested}. */
export interface RetryRequestedOptions {
  /**
   * How many retries this request allows in total (attempts after the first).
   * @default 1
   */
  maxRetries?: number;
  /**
   * Seconds to wait before the retry, exactly (no backoff, no jitter).
   * @default 0
   */
  secondsToWait?: number;
}

/**
 * Thrown from an op body to ask for the step to be retried, like Dagster's `RetryRequested`.
 * Checked before any retry policy and honoured exactly: its own `maxRetries` and
 * `secondsToWait`. When retries are exhausted the step fails with "Exceeded max_retries of N",
 * this error's cause being the reported cause.
 *
 * @example
 * try {
 *   return await flakyOperation();
 * } catch (error) {
 *   throw new RetryRequested({ maxRetries: 3, secondsToWait: 5 }, { cause: error });
 * }
 */
export class RetryRequested extends StepsterError {
  override readonly name = 'RetryRequested' as const;
  readonly maxRetries: number;
  readonly secondsToWait: number;

  constructor(options: RetryRequestedOptions = {}, errorOptions: StepsterErrorOptions = {}) {
    const { maxRetries = 1, secondsToWait = 0 } = options;
    if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new RangeError(
        `RetryRequested.maxRetries must be a non-negative integer, got ${describeValue(maxRetries)}`,
      );
    }
    if (typeof secondsToWait !== 'number' || !Number.isFinite(secondsToWait) || secondsToWait < 0) {
      throw new RangeError(
        `RetryRequested.secondsToWait must be a finite number of seconds ≥ 0, got ${describeValue(secondsToWait)}`,
      );
    }
    super(`Retry requested (maxRetries: ${maxRetries}, secondsToWait: ${secondsToWait})`, errorOptions);
    this.maxRetries = maxRetries;
    this.secondsToWait = secondsToWait;
  }
}

/**
 * True for a {@link RetryRequested}, also one from another copy of stepster
 * (two bundles of the package in one process), recognised by name and fields.
 */
export function isRetryRequested(error: unknown): error is RetryRequested {
  if (error instanceof RetryRequested) return true;
  if (!(error instanceof Error) || error.name !== 'RetryRequested') return false;
  const e = error as Error & { maxRetries?: unknown; secondsToWait?: unknown };
  return typeof e.maxRetries === 'number' && typeof e.secondsToWait === 'number';
}
