import { DefinitionError } from '../../errors/definition-error.js';

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
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Refuses a time zone `Intl` does not know, naming the field and an example. */
export function assertPartitionsTimeZone(timeZone: string, subject: string): void {
  try {
    formatterFor(timeZone);
  } catch (error) {
    throw new DefinitionError(
      `${subject} timezone "${timeZone}" is not an IANA time zone. Use a name like 'UTC' or 'America/New_York'.`,
      { subject, cause: error },
    );
  }
}

/** The wall clock of `instant` (ms) in `timeZone`. */
export function localTimeAt(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
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

/**
 * The first instant whose wall clock in `timeZone` is `t` or later. A time skipped by a
 * daylight-saving jump (02:30 on a spring-forward night) maps to the instant the clocks jump
 * to; a repeated time (fall-back) maps to its first occurrence, so a period that starts then
 * starts as early as it can.
 */
export function instantOf(t: LocalTime, timeZone: string): number {
  const wall = calendarMillis(t);
  const offsetAt = (instant: number) => calendarMillis(localTimeAt(instant, timeZone)) - instant;
  // Offsets a few hours either side cover every zone rule change (at most a day's shift).
  const candidates = [offsetAt(wall - 86_400_000), offsetAt(wall), offsetAt(wall + 86_400_000)]
    .map((offset) => wall - offset)
    .filter((instant) => calendarMillis(localTimeAt(instant, timeZone)) === wall)
    .sort((a, b) => a - b);
  const exact = candidates[0];
  if (exact !== undefined) return exact;
  // In a gap: the clocks jump over `t`. Find the jump (the first instant showing `t` or later)
  // between the two readings, by halving to the minute.
  let low = Math.min(wall - offsetAt(wall - 86_400_000), wall - offsetAt(wall + 86_400_000));
  let high = Math.max(wall - offsetAt(wall - 86_400_000), wall - offsetAt(wall + 86_400_000));
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (calendarMillis(localTimeAt(mid, timeZone)) >= wall) high = mid;
    else low = mid;
  }
  return high;
}

/** Whether the wall clock `t` happens in `timeZone` (it does not inside a spring-forward gap). */
export function localTimeExists(t: LocalTime, timeZone: string): boolean {
  return calendarMillis(localTimeAt(instantOf(t, timeZone), timeZone)) === calendarMillis(t);
}
