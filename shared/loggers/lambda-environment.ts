/** Environment variables as loggers read them; `process.env` fits. */
export type LoggerEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * True inside AWS Lambda: the runtime sets `AWS_LAMBDA_FUNCTION_NAME` for every function.
 *
 * @default env `process.env`
 * @example
 * ```ts
 * isLambdaEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'stepster-op' }); // true
 * ```
 */
export function isLambdaEnvironment(env: LoggerEnvironment = process.env): boolean {
  const name = env['AWS_LAMBDA_FUNCTION_NAME'];
  return name !== undefined && name !== '';
}
