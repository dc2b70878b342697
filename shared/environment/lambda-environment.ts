import type { Environment } from './environment.js';

/**
 * True inside AWS Lambda: the runtime sets `AWS_LAMBDA_FUNCTION_NAME` for every function.
 *
 * @default env `process.env`
 * @example
 * ```ts
 * isLambdaEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'stepster-op' }); // true
 * ```
 */
export function isLambdaEnvironment(env: Environment = process.env): boolean {
  const name = env['AWS_LAMBDA_FUNCTION_NAME'];
  return name !== undefined && name !== '';
}
