import { calendarMillis, fromCalendarMillis, type LocalTime } from './local-clock.js';

/** How long one time-window partition is. */
export const PartitionCadence = {
  HOURLY: 'hourly',
  DAILY: 'daily',
  WEEKLY: 'weekly',
  MONTHLY: 'monthly',
} as const;

export type PartitionCadence = (typeof PartitionCadence)[keyof typeof PartitionCadence];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The key format of a cadence, for messages (Dagster's formats). */
export function keyFormatOf(cadence: PartitionCadence): string {
  return cadence === PartitionCadence.HOURLY ? 'YYYY-MM-DD-HH:mm' : 'YYYY-MM-DD';
}

/** A period's key from its start: `2026-11-01` (the period's first day), `2026-11-01-13:00` for hourly. */
export function keyOf(cadence: PartitionCadence, start: LocalTime): string {
  const date = `${pad(start.year, 4)}-${pad(start.month)}-${pad(start.day)}`;
  return cadence === PartitionCadence.HOURLY ? `${date}-${pad(start.hour)}:${pad(start.minute)}` : date;
}

/** The wall clock a key names, or undefined when it is not a real date in the cadence's format. */
export function parseKey(cadence: PartitionCadence, key: string): LocalTime | undefined {
  const match =
    cadence === PartitionCadence.HOURLY
      ? /^(\d{4})-(\d{2})-(\d{2})-(\d{2}):(\d{2})$/.exec(key)
      : /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const t: LocalTime = { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0 };
  // Round-trip through the calendar: 2026-02-30 or 25:00 come back different.
  return keyOf(cadence, fromCalendarMillis(calendarMillis(t))) === key ? t : undefined;
}

/** The start of the period that holds the wall clock `t`. */
export function floorOf(cadence: PartitionCadence, t: LocalTime): LocalTime {
  switch (cadence) {
    case PartitionCadence.HOURLY:
      return { ...t, minute: 0 };
    case PartitionCadence.DAILY:
      return { ...t, hour: 0, minute: 0 };
    case PartitionCadence.WEEKLY: {
      // Weeks start on Sunday, as Dagster's weekly partitions do by default.
      const midnight = calendarMillis({ ...t, hour: 0, minute: 0 });
      return fromCalendarMillis(midnight - new Date(midnight).getUTCDay() * DAY);
    }
    case PartitionCadence.MONTHLY:
      return { ...t, day: 1, hour: 0, minute: 0 };
  }
}

/** The start of the period `n` periods after (or, negative, before) the one starting at `start`. */
export function shiftPeriod(cadence: PartitionCadence, start: LocalTime, n: number): LocalTime {
  switch (cadence) {
    case PartitionCadence.HOURLY:
      return fromCalendarMillis(calendarMillis(start) + n * HOUR);
    case PartitionCadence.DAILY:
      return fromCalendarMillis(calendarMillis(start) + n * DAY);
    case PartitionCadence.WEEKLY:
      return fromCalendarMillis(calendarMillis(start) + 7 * n * DAY);
    case PartitionCadence.MONTHLY:
      return fromCalendarMillis(Date.UTC(start.year, start.month - 1 + n, 1));
  }
}
