import { DefinitionError } from '../../errors/definition-error.js';

// The one home of zoned wall-clock arithmetic: partitions (period boundaries) and schedules
// (cron ticks, `shared/schedules/next-ticks.ts`) both read and invert `Intl`'s zone rules here.

/** A wall-clock time in some time zone (month 1-12). */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Refuses a time zone `Intl` does not know (what EventBridge Scheduler's `ScheduleExpressionTimezone`
 * and Dagster's partition `timezone` take: an IANA name), naming the field and an example.
 *
 * @example
 * assertTimeZone('Europe/Paris', 'executionTimezone', 'schedule "daily_sales"'); // ok
 * assertTimeZone('CET+1', 'executionTimezone', 'schedule "daily_sales"'); // throws DefinitionError
 */
export function assertTimeZone(timeZone: unknown, field: string, subject: string): asserts timeZone is string {
  let cause: unknown;
  if (typeof timeZone === 'string' && timeZone.length > 0) {
    try {
      formatterFor(timeZone);
      return;
    } catch (error) {
      cause = error;
    }
  }
  throw new DefinitionError(
    `${subject}: ${field} ${JSON.stringify(timeZone)} is not an IANA time zone; use a name like "UTC", "Europe/Paris" or "America/New_York".`,
    cause === undefined ? { subject } : { subject, cause },
  );
}

function partsAt(instant: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** The wall clock of `instant` (ms since epoch) in `timeZone`. */
export function localTimeAt(instant: number, timeZone: string): LocalTime {
  const parts = partsAt(instant, timeZone);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** The wall clock read as if it were UTC: plain calendar arithmetic, no zone rules. */
export function calendarMillis(t: LocalTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

/** The inverse of {@link calendarMillis}. */
export function fromCalendarMillis(ms: number): LocalTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

// To the second: zones on local mean time (before about 1900) have offsets like +00:09:21.
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  const p = partsAt(whole, timeZone);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - whole;
}

const DAY_MS = 86_400_000;

function candidatesOf(t: LocalTime, timeZone: string): { wall: number; offsets: number[] } {
  const wall = calendarMillis(t);
  // Offsets a day either side cover every zone rule change (at most a day's shift).
  return {
    wall,
    offsets: [offsetAt(wall - DAY_MS, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY_MS, timeZone)],
  };
}

/**
 * The instant the wall-clock minute `t` happens in `timeZone`: the earlier one when the clock
 * goes back (it happens twice), `undefined` when the clock skips it (spring forward), which is
 * what EventBridge Scheduler does with such a minute.
 */
export function existingInstantOf(t: LocalTime, timeZone: string): number | undefined {
  const { wall, offsets } = candidatesOf(t, timeZone);
  const valid = offsets
    .map((offset) => wall - offset)
    .filter((instant) => calendarMillis(localTimeAt(instant, timeZone)) === wall);
  return valid.length === 0 ? undefined : Math.min(...valid);
}

/**
 * The first instant whose wall clock in `timeZone` is `t` or later. A time skipped by a
 * daylight-saving jump (02:30 on a spring-forward night) maps to the instant the clocks jump
 * to; a repeated time (fall-back) maps to its first occurrence, so a period that starts then
 * starts as early as it can.
 */
export function instantOf(t: LocalTime, timeZone: string): number {
  const exact = existingInstantOf(t, timeZone);
  if (exact !== undefined) return exact;
  // In a gap: the clocks jump over `t`. Find the jump (the first instant showing `t` or later)
  // between the readings before and after, by halving to the minute.
  const { wall, offsets } = candidatesOf(t, timeZone);
  const readings = offsets.map((offset) => wall - offset);
  let low = Math.min(...readings);
  let high = Math.max(...readings);
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (calendarMillis(localTimeAt(mid, timeZone)) >= wall) high = mid;
    else low = mid;
  }
  return high;
}
