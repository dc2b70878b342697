import { assertValidDefinitionName } from '../definitions/definition-name.js';
import type { UnresolvedAssetJob } from '../definitions/asset-job.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { normalizeTags } from '../definitions/run-tags.js';
import { DefinitionError } from '../errors/definition-error.js';
import { assertTimeZone } from '../definitions/partitions/local-clock.js';
import type { RunConfig } from '../definitions/run-config.js';
import { type CronExpression, parseCronExpression } from './cron-expression.js';
import { toSchedulerCron } from './scheduler-cron.js';

/** Whether a deployed schedule starts enabled (Dagster's `DefaultScheduleStatus`). */
export const DefaultScheduleStatus = {
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
} as const;

export type DefaultScheduleStatus = (typeof DefaultScheduleStatus)[keyof typeof DefaultScheduleStatus];

/** Options of {@link schedule}. */
export interface ScheduleOptions {
  /** Unique schedule name: letters, digits and underscores, at most 60 characters (it prefixes run ids). */
  readonly name: string;
  /** The job each tick runs: a job, an asset job (`defineAssetJob`), or its name. */
  readonly job: JobDefinition | UnresolvedAssetJob | string;
  /**
   * Dagster cron string(s), five fields: minute hour day-of-month month day-of-week
   * (`@daily`-style shorthands too). Several strings tick at the union of their times.
   */
  readonly cronSchedule: string | readonly string[];
  /** IANA time zone the cron string is read in. @default 'UTC' */
  readonly executionTimezone?: string;
  /** Run config of every run the schedule starts. @default {} */
  readonly runConfig?: RunConfig;
  /** Tags of every run the schedule starts (the `stepster/` prefix is reserved). @default {} */
  readonly tags?: Record<string, unknown>;
  readonly description?: string;
  /**
   * Whether the deployed schedule is enabled. Unlike Dagster (STOPPED until turned on in the UI),
   * a deployed schedule runs by default: there is no UI to turn it on.
   * @default 'RUNNING'
   */
  readonly defaultStatus?: DefaultScheduleStatus;
}

/** Run ids are `<name>-<YYYY-MM-DDTHHMMSSZ>`, and execution names stop at 80 characters. */
export const MAX_SCHEDULE_NAME_LENGTH = 60;

/** A schedule: a job plus the cron times it runs at. Deployed as EventBridge Scheduler schedules. */
export class ScheduleDefinition {
  readonly kind = 'schedule' as const;
  readonly name: string;
  readonly jobName: string;
  readonly cronSchedules: readonly string[];
  readonly crons: readonly CronExpression[];
  /** The Scheduler expression of each cron string, e.g. `cron(0 6 * * ? *)`. */
  readonly schedulerExpressions: readonly string[];
  readonly executionTimezone: string;
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly defaultStatus: DefaultScheduleStatus;

  constructor(options: ScheduleOptions) {
    const name: unknown = options?.name;
    assertValidDefinitionName(name, 'schedule', { maxLength: MAX_SCHEDULE_NAME_LENGTH, example: 'daily_sales' });
    const subject = `schedule "${name}"`;
    this.name = name;
    const job: unknown = options.job;
    if (typeof job === 'string' && job.length > 0) this.jobName = job;
    else if (job && typeof job === 'object' && (job as { kind?: unknown }).kind === 'job')
      this.jobName = (job as JobDefinition).name;
    // An asset job (defineAssetJob) is resolved by Definitions; its name is known now.
    else if (job && typeof job === 'object' && (job as { kind?: unknown }).kind === 'unresolved-asset-job')
      this.jobName = (job as UnresolvedAssetJob).name;
    else {
      throw new DefinitionError(`${subject}: job must be a job (job({...})) or a job name, got ${typeof job}.`, {
        subject: name,
      });
    }
    const cronSchedules =
      typeof options.cronSchedule === 'string' ? [options.cronSchedule] : [...(options.cronSchedule ?? [])];
    if (cronSchedules.length === 0) {
      throw new DefinitionError(`${subject}: cronSchedule is empty; pass a cron string like "0 6 * * *".`, {
        subject: name,
      });
    }
    this.cronSchedules = Object.freeze(cronSchedules);
    this.crons = Object.freeze(cronSchedules.map((text) => parseCronExpression(text, subject)));
    this.schedulerExpressions = Object.freeze(this.crons.map((cron) => toSchedulerCron(cron, subject)));
    const timeZone = options.executionTimezone ?? 'UTC';
    assertTimeZone(timeZone, 'executionTimezone', subject);
    this.executionTimezone = timeZone;
    const runConfig: unknown = options.runConfig ?? {};
    if (typeof runConfig !== 'object' || runConfig === null || Array.isArray(runConfig)) {
      throw new DefinitionError(
        `${subject}: runConfig must be an object like { ops: { fetch_sales: { config: {...} } } }.`,
        {
          subject: name,
        },
      );
    }
    this.runConfig = runConfig as RunConfig;
    this.tags = Object.freeze(
      normalizeTags(options.tags, { kind: 'definition', path: `${subject} tags`, subject: name }),
    );
    if (options.description !== undefined) this.description = options.description;
    const status = options.defaultStatus ?? DefaultScheduleStatus.RUNNING;
    if (status !== DefaultScheduleStatus.RUNNING && status !== DefaultScheduleStatus.STOPPED) {
      throw new DefinitionError(`${subject}: defaultStatus ${JSON.stringify(status)} must be 'RUNNING' or 'STOPPED'.`, {
        subject: name,
      });
    }
    this.defaultStatus = status;
  }
}

/**
 * Defines a schedule, like Dagster's `ScheduleDefinition`: `cdk deploy` turns it into
 * EventBridge Scheduler schedules that start the job's state machine; locally,
 * `nextTicks(schedule, n)` lists when it will run.
 *
 * @example
 * export const dailySales = schedule({
 *   name: 'daily_sales',
 *   job: salesJob,
 *   cronSchedule: '0 6 * * *',
 *   executionTimezone: 'Europe/Paris',
 *   runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } },
 *   tags: { trigger: 'schedule' },
 * });
 */
export function schedule(options: ScheduleOptions): ScheduleDefinition {
  return new ScheduleDefinition(options);
}
