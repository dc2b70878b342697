import { DefinitionError } from '../errors/definition-error.js';
import type { CronExpression } from './cron-expression.js';

/**
 * Converts a parsed Dagster cron string into EventBridge Scheduler's six-field
 * `cron(minutes hours day-of-month month day-of-week year)`.
 * Day of week becomes 1 = Sunday … 7 = Saturday, and one of the two day fields is `?`.
 * Unix cron runs a job when either day field matches if both are restricted; Scheduler
 * cannot say that, so such a string is refused with the way out (two cron strings).
 *
 * @param subject what the string belongs to, for error messages
 * @example
 * toSchedulerCron(parseCronExpression('0 6 * * 1-5')); // 'cron(0 6 ? * 2-6 *)'
 * toSchedulerCron(parseCronExpression('*\/15 * * * *')); // 'cron(0/15 * * * ? *)'
 */
export function toSchedulerCron(cron: CronExpression, subject = 'cron schedule'): string {
  if (cron.dayOfMonthRestricted && cron.dayOfWeekRestricted) {
    throw new DefinitionError(
      `${subject}: cronSchedule "${cron.text}" restricts both day-of-month and day-of-week; Unix cron runs when either matches, which EventBridge Scheduler cannot express. Split it into two strings, e.g. cronSchedule: ["${withField(cron.text, 4, '*')}", "${withField(cron.text, 2, '*')}"].`,
      { subject },
    );
  }
  const minutes = renderValues(cron.minutes, 0, 59);
  const hours = renderValues(cron.hours, 0, 23);
  const months = renderValues(cron.months, 1, 12);
  let dayOfMonth = '*';
  let dayOfWeek = '?';
  if (cron.dayOfWeekRestricted) {
    dayOfMonth = '?';
    dayOfWeek = renderValues(
      cron.daysOfWeek.map((d) => d + 1),
      1,
      7,
      false,
    );
  } else if (cron.dayOfMonthRestricted) {
    dayOfMonth = renderValues(cron.daysOfMonth, 1, 31);
  }
  return `cron(${minutes} ${hours} ${dayOfMonth} ${months} ${dayOfWeek} *)`;
}

function withField(text: string, index: number, value: string): string {
  const parts = text.trim().split(/\s+/);
  parts[index] = value;
  return parts.join(' ');
}

/** `*`, `start/step` for a progression that runs to the end, else a list of values and ranges. */
function renderValues(values: readonly number[], min: number, max: number, allowStep = true): string {
  if (values.length === max - min + 1) return '*';
  const first = values[0];
  const second = values[1];
  if (allowStep && first !== undefined && second !== undefined && values.length >= 3) {
    const step = second - first;
    const progression = values.every((v, i) => v === first + i * step);
    const last = values[values.length - 1] ?? first;
    if (step > 1 && progression && last + step > max) return `${first}/${step}`;
  }
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    const start = values[i] as number;
    let end = start;
    while (values[i + 1] === end + 1) {
      i++;
      end++;
    }
    parts.push(end > start + 1 ? `${start}-${end}` : end === start + 1 ? `${start},${end}` : `${start}`);
    i++;
  }
  return parts.join(',');
}
