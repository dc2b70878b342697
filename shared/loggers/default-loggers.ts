import type { Environment } from '../environment/environment.js';
import { isLambdaEnvironment } from '../environment/lambda-environment.js';
import { coloredConsoleLogger } from './colored-console-logger.js';
import { jsonConsoleLogger } from './json-console-logger.js';
import type { LoggerDefinition } from './logger-definition.js';

/**
 * The loggers a job gets when neither it nor its Definitions name any: `{ console: coloredConsoleLogger }`
 * locally, `{ console: jsonConsoleLogger }` inside Lambda (`AWS_LAMBDA_FUNCTION_NAME` set), where one JSON
 * object per line is what CloudWatch Logs Insights queries best.
 *
 * @default env process.env
 * @example
 * ```ts
 * const loggerDefs = job.loggerDefs ?? definitions.loggers ?? defaultLoggerDefs();
 * ```
 */
export function defaultLoggerDefs(env: Environment = process.env): Readonly<Record<string, LoggerDefinition>> {
  const console: LoggerDefinition = isLambdaEnvironment(env) ? jsonConsoleLogger : coloredConsoleLogger;
  return Object.freeze({ console });
}
