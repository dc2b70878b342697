/**
 * How often and how patiently to retry a transient delivery error.
 *
 * @example
 * ```ts
 * makeCloudwatchLogger({ logGroupName: '/g', retry: { maxAttempts: 3 } });
 * ```
 */
export interface DeliveryRetryPolicy {
  /** Attempts in total, the first included. @default 5 */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles each time. @default 100 */
  readonly baseDelayMs: number;
  /** Cap on one delay. @default 2000 */
  readonly maxDelayMs: number;
}

/**
 * Default retry: 5 attempts, 100 ms doubling to at most 2 s (≈ 1.5 s of waiting in the worst case),
 * short enough to fit before an op's Lambda returns.
 */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
});

const TRANSIENT_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Whether an AWS SDK (or network) error is worth retrying: throttling, service unavailable,
 * HTTP 429/5xx, connection resets. Access, validation and missing-resource errors are not.
 *
 * @example
 * ```ts
 * isTransientDeliveryError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })); // true
 * ```
 */
export function isTransientDeliveryError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) return true;
  if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/**
 * Runs `operation`, retrying transient errors with exponential backoff (half fixed, half random, so
 * concurrent Lambdas do not retry in step). The last error is rethrown.
 *
 * @example
 * ```ts
 * await withDeliveryRetry(() => client.send(command), { ...DEFAULT_DELIVERY_RETRY, baseDelayMs: 1 });
 * ```
 */
export async function withDeliveryRetry<T>(
  operation: () => Promise<T>,
  policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransientDeliveryError(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
