export { Backoff } from './backoff.js';
export { compileRetryPolicy, type RetryPolicyData, type RetryPolicyOptions } from './compile-retry-policy.js';
export { Jitter } from './jitter.js';
export { type DecideRetryInput, decideRetry, type RetryDecision } from './retry-decision.js';
export { retryDelaySeconds } from './retry-delay.js';
export { RetryPolicy } from './retry-policy.js';
