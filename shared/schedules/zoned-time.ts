import { DefinitionError } from '../errors/definition-error.js';

/** A wall-clock time in some time zone (month 1-12, day of week 0 = Sunday). */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly dayOfWeek: number;
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
 * Checks an IANA time zone name (what EventBridge Scheduler's `ScheduleExpressionTimezone` takes).
 *
 * @example
 * assertTimeZone('Europe/Paris', 'schedule "daily_sales"'); // ok
 * assertTimeZone('CET+1', 'schedule "daily_sales"'); // throws, naming executionTimezone
 */
export function assertTimeZone(timeZone: unknown, subject: string): asserts timeZone is string {
  let valid = typeof timeZone === 'string' && timeZone.length > 0;
  if (valid) {
    try {
      formatterFor(timeZone as string);
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new DefinitionError(
      `${subject}: executionTimezone ${JSON.stringify(timeZone)} is not an IANA time zone; use a name like "UTC", "Europe/Paris" or "America/New_York".`,
      { subject },
    );
  }
}

/** The wall clock of `instant` (ms since epoch) in `timeZone`. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    dayOfWeek: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const seconds = Math.floor(instant / 1000) % 60;
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return asUtc - (instant - (instant % 1000));
}

const TWELVE_HOURS = 12 * 3600 * 1000;

/**
 * The instant a wall-clock minute happens in `timeZone`: the earlier one when the clock
 * goes back (it happens twice), `undefined` when the clock skips it (spring forward),
 * which is what EventBridge Scheduler does with such a minute.
 */
export function instantOfWallClock(
  wall: Pick<WallClock, 'year' | 'month' | 'day' | 'hour' | 'minute'>,
  timeZone: string,
): number | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Offsets 12 h either side cover both sides of any transition; keep the candidates that map back.
  const candidates = [
    asUtc - offsetAt(asUtc - TWELVE_HOURS, timeZone),
    asUtc - offsetAt(asUtc + TWELVE_HOURS, timeZone),
  ];
  const valid = candidates.filter((candidate) => {
    const back = wallClockAt(candidate, timeZone);
    return (
      back.year === wall.year &&
      back.month === wall.month &&
      back.day === wall.day &&
      back.hour === wall.hour &&
      back.minute === wall.minute
    );
  });
  return valid.length === 0 ? undefined : Math.min(...valid);
}
