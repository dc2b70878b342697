import type { LoggerDefinition } from './logger-definition.js';
import { LOGGER_KIND } from './logger-kind.js';

/** A CloudWatch logger of a job, as the CDK app needs it. */
export interface CloudwatchLoggerTarget {
  /** The logger's key in `loggerDefs`. */
  readonly loggerName: string;
  /** The group to create and grant; `undefined` when only run config names it (the CDK app cannot know it). */
  readonly logGroupName: string | undefined;
}

/**
 * The CloudWatch loggers among `loggerDefs` and their default log groups, without running anything.
 * The CDK app creates each group (with retention) and grants the job's op roles
 * `CLOUDWATCH_LOGGER_IAM_ACTIONS` on it; a target without a group is a synth error worth reporting.
 *
 * @example
 * ```ts
 * for (const { loggerName, logGroupName } of cloudwatchLoggerTargets(job.loggerDefs ?? {})) {
 *   if (logGroupName === undefined) throw new Error(`job ${job.name}: logger ${loggerName} needs makeCloudwatchLogger({ logGroupName })`);
 *   new logs.LogGroup(stack, `${job.name}-${loggerName}`, { logGroupName, retention });
 * }
 * ```
 */
export function cloudwatchLoggerTargets(
  loggerDefs: Readonly<Record<string, LoggerDefinition>>,
): CloudwatchLoggerTarget[] {
  const targets: CloudwatchLoggerTarget[] = [];
  for (const [loggerName, definition] of Object.entries(loggerDefs)) {
    if (definition.kind === LOGGER_KIND.CLOUDWATCH) targets.push({ loggerName, logGroupName: definition.logGroupName });
  }
  return targets;
}
