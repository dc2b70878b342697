/**
 * How a DynamoDB request that DynamoDB throttles (or fails with a server error) is tried again
 * after the SDK's own retries gave up: capped exponential backoff with jitter, within a bounded
 * total wait, well under an op Lambda's default 60 s timeout. A burst of throttling then costs
 * the attempt a few seconds instead of failing the op for good.
 *
 * @example
 * new EventLogStore({ client, tableName, throttleRetry: { maxWaitMs: 5_000 } });
 */
export interface StorageThrottlingPolicy {
  /** Most time spent waiting between tries of one request before it fails. @default 10000 */
  readonly maxWaitMs: number;
  /** First backoff step, in milliseconds. @default 100 */
  readonly baseDelayMs: number;
  /** Cap of one backoff pause, in milliseconds. @default 2000 */
  readonly maxDelayMs: number;
}

/** The defaults: at most 10 s of waiting per request, pauses from ~100 ms up to 2 s. */
export const DEFAULT_STORAGE_THROTTLING_POLICY: StorageThrottlingPolicy = {
  maxWaitMs: 10_000,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
};

/** DynamoDB's throttling errors: the request was refused, not applied, and may simply be sent again. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** Server-side errors: transient on DynamoDB's side (the SDK retries them too, a few times). */
const SERVER_ERRORS: ReadonlySet<string> = new Set(['InternalServerError', 'ServiceUnavailable']);

/**
 * Whether `error` is storage throttling or a transient server error (HTTP 5xx) that is worth
 * sending the same request again for. Every event-log request is safe to resend: puts have
 * deterministic keys, and a conditional write whose first try was applied behind a 5xx fails
 * its condition on the resend, as it would under the SDK's own retries.
 *
 * @example
 * isStorageThrottling(new ProvisionedThroughputExceededException({ message: '', $metadata: {} })); // true
 */
export function isStorageThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING_ERRORS.has(error.name) || SERVER_ERRORS.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}
