import type { Backoff } from './backoff.js';
import { compileRetryPolicy, type RetryPolicyData, type RetryPolicyOptions } from './compile-retry-policy.js';
import type { Jitter } from './jitter.js';

/**
 * How an op is retried when it throws, as Dagster's `RetryPolicy`. Given at the call site,
 * on the op, or as a job's `opRetryPolicy` (that precedence). A `RetryRequested` thrown by
 * the op overrides it; a `Failure({ allowRetries: false })` bypasses it.
 * Validation lives in {@link compileRetryPolicy}; the instance is frozen plain data.
 *
 * @example
 * op({ name: 'fetch_sales', retryPolicy: new RetryPolicy({ maxRetries: 3, delay: 1, backoff: Backoff.EXPONENTIAL }) }, body)
 */
export class RetryPolicy implements RetryPolicyData {
  /** @default 1 */
  readonly maxRetries: number;
  readonly delay?: number;
  readonly backoff?: Backoff;
  readonly jitter?: Jitter;
  /**
   * The policy as frozen plain data (for the compiler, `decideRetry`, or JSON).
   * @example new RetryPolicy({ maxRetries: 2 }).data // → { maxRetries: 2 }
   */
  readonly data: RetryPolicyData;

  constructor(options: RetryPolicyOptions = {}) {
    const data = compileRetryPolicy(options);
    this.data = data;
    this.maxRetries = data.maxRetries;
    if (data.delay !== undefined) this.delay = data.delay;
    if (data.backoff !== undefined) this.backoff = data.backoff;
    if (data.jitter !== undefined) this.jitter = data.jitter;
    Object.freeze(this);
  }
}
