import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { PartitionedScheduleDefinition } from '../schedules/partitioned-schedule.js';

/**
 * Checks the execution input's `partitionKey` against the job's partitions definition, before
 * any op runs: a partitioned job needs one of its keys, an unpartitioned job takes none. Time
 * windows are read at `now` (a key whose period is not complete yet is refused). Returns the key
 * when it is valid; otherwise adds an issue naming the key and a valid one.
 */
export function checkPartitionKeyInput(
  job: JobDefinition,
  raw: unknown,
  issues: ValidationIssue[],
  now: Date = new Date(),
): string | undefined {
  const def = job.partitionsDef;
  if (def === undefined) {
    if (raw !== undefined) {
      issues.push({
        path: 'partitionKey',
        message: `job "${job.name}" is not partitioned: remove "partitionKey", or give the job a partitionsDef`,
      });
    }
    return undefined;
  }
  const example = def.exampleKey({ currentTime: now });
  if (raw === undefined) {
    issues.push({
      path: 'partitionKey',
      message: `job "${job.name}" is partitioned (${def.describe()}): give the partition to run, e.g. "partitionKey": "${example}"`,
    });
    return undefined;
  }
  if (typeof raw !== 'string') {
    issues.push({ path: 'partitionKey', message: `must be a string like "${example}", got ${JSON.stringify(raw)}` });
    return undefined;
  }
  const problem = def.problemWith(raw, { currentTime: now });
  if (problem !== undefined) {
    issues.push({
      path: 'partitionKey',
      message: `"${raw}" is not a partition of job "${job.name}" (${def.describe()}): ${problem}; e.g. "${example}"`,
    });
    return undefined;
  }
  return raw;
}

/**
 * The partition of a schedule tick's run: a schedule built from a partitioned job starts each
 * tick's run with the same fixed input, so run start reads the tick from the execution name
 * (which `verifySystemTagSources` checks is a real tick of that schedule) and takes the last
 * partition complete at the tick.
 */
export function partitionKeyOfTick(
  job: JobDefinition,
  systemTags: Readonly<Record<string, string>>,
  launch: { readonly executionName: string; readonly schedules: readonly unknown[] },
): string | undefined {
  const name = systemTags[SystemTag.SCHEDULE_NAME];
  if (name === undefined) return undefined;
  const schedule = launch.schedules.find(
    (s): s is PartitionedScheduleDefinition =>
      s instanceof PartitionedScheduleDefinition && s.name === name && s.jobName === job.name,
  );
  return schedule?.partitionKeyForRunId(launch.executionName);
}
