import type { UnresolvedAssetJob } from '../definitions/asset-job.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { PartitionCadence } from '../definitions/partitions/partition-cadence.js';
import { TimeWindowPartitionsDefinition } from '../definitions/partitions/time-window-partitions-definition.js';
import type { RunConfig } from '../definitions/run-config.js';
import { DefinitionError } from '../errors/definition-error.js';
import { nextTicks, type ScheduleTick } from './next-ticks.js';
import { type DefaultScheduleStatus, ScheduleDefinition } from './schedule-definition.js';

/** Options of {@link buildScheduleFromPartitionedJob}. */
export interface PartitionedScheduleOptions {
  /** @default '<job name>_schedule' */
  readonly name?: string;
  /** Minute of the hour each tick fires at. @default 0 */
  readonly minuteOfHour?: number;
  /** Hour of the day (daily, weekly, monthly partitions). @default 0 */
  readonly hourOfDay?: number;
  /** Day of the week, 0 = Sunday (weekly partitions). @default 0 */
  readonly dayOfWeek?: number;
  /** Day of the month (monthly partitions). @default 1 */
  readonly dayOfMonth?: number;
  readonly runConfig?: RunConfig;
  readonly tags?: Record<string, unknown>;
  readonly description?: string;
  /** @default 'RUNNING' */
  readonly defaultStatus?: DefaultScheduleStatus;
}

/**
 * A schedule whose every tick runs one partition: the last one complete at the tick (with the
 * definition's `endOffset`), as Dagster's `build_schedule_from_partitioned_job` does.
 */
export class PartitionedScheduleDefinition extends ScheduleDefinition {
  constructor(
    options: ConstructorParameters<typeof ScheduleDefinition>[0],
    readonly partitionsDef: TimeWindowPartitionsDefinition,
  ) {
    super(options);
  }

  /** The partition a tick at `tick` runs, or undefined when the tick comes before the first partition. */
  partitionKeyForTick(tick: Date): string | undefined {
    return this.partitionsDef.getLastPartitionKey({ currentTime: tick });
  }

  /**
   * The partition of the tick a run id names (`<schedule>-<YYYY-MM-DDTHHMMSSZ>`, see
   * `scheduledRunId`): how run start gives a deployed tick's run its key, since the launcher's
   * input is fixed at deploy time. Undefined for another name or a tick before the first partition.
   */
  partitionKeyForRunId(runId: string): string | undefined {
    const prefix = `${this.name}-`;
    if (!runId.startsWith(prefix)) return undefined;
    const stamp = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(runId.slice(prefix.length));
    const tick = stamp === null ? Number.NaN : Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}Z`);
    return Number.isNaN(tick) ? undefined : this.partitionKeyForTick(new Date(tick));
  }
}

/**
 * Builds a schedule from a job partitioned by time (Dagster's `build_schedule_from_partitioned_job`):
 * it ticks once per period in the partitions' time zone, just after the period ends (at
 * `hourOfDay:minuteOfHour`), and each tick's run gets the partition of the period just complete.
 *
 * @example
 * const daily = new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Europe/Paris' });
 * const salesJob = job({ name: 'daily_sales', partitionsDef: daily }, () => { load(); });
 * // Ticks at 06:15 Paris time; the tick of 2026-11-24 runs partition '2026-11-23'.
 * export const salesSchedule = buildScheduleFromPartitionedJob(salesJob, { hourOfDay: 6, minuteOfHour: 15 });
 */
export function buildScheduleFromPartitionedJob(
  job: JobDefinition | UnresolvedAssetJob,
  options: PartitionedScheduleOptions = {},
): PartitionedScheduleDefinition {
  const def = job.kind === 'job' ? job.partitionsDef : job.options.partitionsDef;
  const subject = `buildScheduleFromPartitionedJob(job "${job.name}")`;
  if (!(def instanceof TimeWindowPartitionsDefinition)) {
    throw new DefinitionError(
      def === undefined
        ? `${subject}: the job has no partitionsDef${job.kind === 'job' ? '' : ' (give defineAssetJob a partitionsDef)'}. Give it a DailyPartitionsDefinition (or hourly, weekly, monthly), or use schedule({...}).`
        : `${subject}: the job's partitions are not time windows (${def.describe()}); a schedule needs daily, hourly, weekly or monthly partitions.`,
      { subject: job.name },
    );
  }
  const minute = field(options.minuteOfHour, 0, 0, 59, 'minuteOfHour', subject, job.name);
  const hour = field(options.hourOfDay, 0, 0, 23, 'hourOfDay', subject, job.name);
  const dayOfWeek = field(options.dayOfWeek, 0, 0, 6, 'dayOfWeek', subject, job.name);
  const dayOfMonth = field(options.dayOfMonth, 1, 1, 28, 'dayOfMonth', subject, job.name);
  const cronSchedule = {
    [PartitionCadence.HOURLY]: `${minute} * * * *`,
    [PartitionCadence.DAILY]: `${minute} ${hour} * * *`,
    [PartitionCadence.WEEKLY]: `${minute} ${hour} * * ${dayOfWeek}`,
    [PartitionCadence.MONTHLY]: `${minute} ${hour} ${dayOfMonth} * *`,
  }[def.cadence];
  return new PartitionedScheduleDefinition(
    {
      name: options.name ?? `${job.name}_schedule`,
      job,
      cronSchedule,
      executionTimezone: def.timezone,
      ...(options.runConfig !== undefined ? { runConfig: options.runConfig } : {}),
      ...(options.tags !== undefined ? { tags: options.tags } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.defaultStatus !== undefined ? { defaultStatus: options.defaultStatus } : {}),
    },
    def,
  );
}

function field(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  subject: string,
  jobName: string,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DefinitionError(`${subject}: ${name} must be a whole number from ${min} to ${max}, got ${value}.`, {
      subject: jobName,
    });
  }
  return v;
}

/**
 * The first tick of `schedule` that runs a partition: the next one from now, or, for partitions
 * that start in the future, the first after the first partition ends. For checking a tick's
 * input at deploy time.
 */
export function firstPartitionedTick(
  schedule: PartitionedScheduleDefinition,
  now = new Date(),
): ScheduleTick | undefined {
  const firstEnd = schedule.partitionsDef.timeWindowFor(schedule.partitionsDef.firstKey()).end;
  return nextTicks(schedule, 1, new Date(Math.max(now.getTime(), firstEnd.getTime() - 1)))[0];
}
