import type { NamedDefinition } from '../definitions/definitions.js';
import { nextTicks, type ScheduleTick } from './next-ticks.js';
import { ScheduleDefinition } from './schedule-definition.js';

/** One schedule of a Definitions with its upcoming ticks, as `stepster schedules` prints it. */
export interface ScheduleSummary {
  readonly name: string;
  readonly jobName: string;
  readonly cronSchedules: readonly string[];
  readonly schedulerExpressions: readonly string[];
  readonly executionTimezone: string;
  readonly defaultStatus: string;
  readonly ticks: readonly ScheduleTick[];
}

/**
 * The schedules registered in a Definitions, each with its next `count` ticks after `from`.
 *
 * @default options.count 5
 * @default options.from now
 * @example
 * for (const s of describeSchedules(definitions.schedules)) console.log(s.name, s.ticks[0]?.scheduledTime);
 */
export function describeSchedules(
  schedules: readonly NamedDefinition[],
  options: { readonly count?: number; readonly from?: Date } = {},
): ScheduleSummary[] {
  return schedules
    .filter((s): s is ScheduleDefinition => s instanceof ScheduleDefinition)
    .map((s) => ({
      name: s.name,
      jobName: s.jobName,
      cronSchedules: s.cronSchedules,
      schedulerExpressions: s.schedulerExpressions,
      executionTimezone: s.executionTimezone,
      defaultStatus: s.defaultStatus,
      ticks: nextTicks(s, options.count ?? 5, options.from ?? new Date()),
    }));
}

/**
 * The text `stepster schedules` prints: each schedule, its cron and time zone, and its next ticks
 * (UTC and in the schedule's zone) with the run id each will get.
 *
 * @example
 * process.stdout.write(formatSchedules(describeSchedules(definitions.schedules, { count: 3 })));
 */
export function formatSchedules(summaries: readonly ScheduleSummary[]): string {
  if (summaries.length === 0) return 'No schedules. Add schedule({...}) to your Definitions.\n';
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(
      `${s.name}  job ${s.jobName}  "${s.cronSchedules.join('", "')}" (${s.executionTimezone})  ${s.schedulerExpressions.join(' ')}${s.defaultStatus === 'STOPPED' ? '  [STOPPED]' : ''}`,
    );
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: s.executionTimezone,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    for (const tick of s.ticks) {
      lines.push(
        `  ${tick.scheduledTime.toISOString()}  ${local.format(tick.scheduledTime)} ${s.executionTimezone}  run ${tick.runId}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
