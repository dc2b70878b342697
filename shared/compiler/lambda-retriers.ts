import type { AslRetrier } from './asl-types.js';

/**
 * Retriers for errors of the Lambda service itself (not of the op's code), on every Task
 * that invokes a Lambda: op tasks, run start and end, step-failure recording and gates.
 * Throttling gets more attempts and full jitter so a burst of parallel ops spreads out.
 */
export const LAMBDA_SERVICE_RETRIERS: readonly AslRetrier[] = Object.freeze([
  Object.freeze({
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
  }),
  Object.freeze({
    ErrorEquals: ['Lambda.TooManyRequestsException'],
    IntervalSeconds: 1,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  }),
]);
