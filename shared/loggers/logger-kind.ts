/**
 * What a logger definition is, so the CDK app can tell which jobs log to CloudWatch
 * (and must get a log group plus `logs:CreateLogStream`/`logs:PutLogEvents`) without running it.
 *
 * @example
 * ```ts
 * const usesCloudwatch = Object.values(job.loggerDefs ?? {}).some((d) => d.kind === LOGGER_KIND.CLOUDWATCH);
 * ```
 */
export const LOGGER_KIND = {
  COLORED_CONSOLE: 'colored_console',
  JSON_CONSOLE: 'json_console',
  CLOUDWATCH: 'cloudwatch',
  /** Defined with `logger(...)`: nothing is known about where it writes. */
  CUSTOM: 'custom',
} as const;

export type LoggerKind = (typeof LOGGER_KIND)[keyof typeof LOGGER_KIND];
