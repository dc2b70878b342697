import { existingInstantOf, localTimeAt } from '../definitions/partitions/local-clock.js';
import type { CronExpression } from './cron-expression.js';
import type { ScheduleDefinition } from './schedule-definition.js';
import { scheduledRunId } from './scheduled-run-id.js';

/** One upcoming run of a schedule. */
export interface ScheduleTick {
  readonly scheduleName: string;
  readonly jobName: string;
  /** When the tick fires. */
  readonly scheduledTime: Date;
  /** The run id the tick's run gets (see `scheduledRunId`). */
  readonly runId: string;
}

// A cron string that matches no day within this many days never fires (e.g. "0 0 31 2 *").
const SEARCH_DAYS = 5 * 366;
const DAY_MS = 86_400_000;

/**
 * The next `count` ticks of a schedule strictly after `from`, in its `executionTimezone`,
 * as EventBridge Scheduler fires them: a time the clock skips (spring forward) does not
 * fire, a time the clock repeats (fall back) fires once, at its first occurrence.
 *
 * @default count 5
 * @default from now
 * @example
 * nextTicks(dailySales, 3, new Date('2026-11-24T00:00:00Z')).map((t) => t.runId);
 * // ['daily_sales-2026-11-24T050000Z', 'daily_sales-2026-11-25T050000Z', 'daily_sales-2026-11-26T050000Z']
 */
export function nextTicks(schedule: ScheduleDefinition, count = 5, from: Date = new Date()): ScheduleTick[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`nextTicks count ${count} must be a non-negative integer`);
  }
  const times = new Set<number>();
  for (const cron of schedule.crons) {
    for (const time of cronTicks(cron, schedule.executionTimezone, count, from.getTime())) times.add(time);
  }
  return [...times]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((time) => {
      const scheduledTime = new Date(time);
      return {
        scheduleName: schedule.name,
        jobName: schedule.jobName,
        scheduledTime,
        runId: scheduledRunId(schedule.name, scheduledTime),
      };
    });
}

function dayMatches(cron: CronExpression, day: number, dayOfWeek: number): boolean {
  const domMatch = cron.daysOfMonth.includes(day);
  const dowMatch = cron.daysOfWeek.includes(dayOfWeek);
  if (cron.dayOfMonthRestricted && cron.dayOfWeekRestricted) return domMatch || dowMatch;
  if (cron.dayOfMonthRestricted) return domMatch;
  if (cron.dayOfWeekRestricted) return dowMatch;
  return true;
}

function cronTicks(cron: CronExpression, timeZone: string, count: number, after: number): number[] {
  const ticks: number[] = [];
  if (count === 0) return ticks;
  const start = localTimeAt(after, timeZone);
  let date = Date.UTC(start.year, start.month - 1, start.day);
  for (let i = 0; i < SEARCH_DAYS && ticks.length < count; i++, date += DAY_MS) {
    const d = new Date(date);
    const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (!cron.months.includes(wall.month) || !dayMatches(cron, wall.day, d.getUTCDay())) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const instant = existingInstantOf({ ...wall, hour, minute }, timeZone);
        if (instant !== undefined && instant > after) {
          ticks.push(instant);
          if (ticks.length >= count) return ticks;
        }
      }
    }
  }
  return ticks;
}
