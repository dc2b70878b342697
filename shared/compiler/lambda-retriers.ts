import type { AslRetrier } from './asl-types.js';

/**
 * Retriers for errors of the Lambda service itself (not of the op's code), on every Task
 * that invokes a Lambda: op tasks (and their crash reports), run start and end, and gates.
 * Throttling gets more attempts and full jitter so a burst of parallel ops spreads out.
 */
export const LAMBDA_SERVICE_RETRIERS: readonly AslRetrier[] = Object.freeze([
  // ASL defaults (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2) are left out: every op
  // repeats these, and the definition must stay under 1 MB for 1,000 ops.
  Object.freeze({
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  }),
  Object.freeze({ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 6, JitterStrategy: 'FULL' }),
]);
