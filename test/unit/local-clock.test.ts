// Zoned wall-clock arithmetic, the one helper partitions (period boundaries) and schedules (cron
// ticks) share. The daylight-saving nights are New York's of 2026 (spring forward 8 March at
// 02:00 EST, fall back 1 November at 02:00 EDT).
import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  calendarMillis,
  existingInstantOf,
  fromCalendarMillis,
  instantOf,
  type LocalTime,
  localTimeAt,
} from '../../shared/definitions/partitions/local-clock.js';
import { DefinitionError } from '../../shared/errors/definition-error.js';
import { thrown } from '../support/thrown.js';

const NY = 'America/New_York';
const utc = (iso: string) => Date.parse(iso);
const local = (year: number, month: number, day: number, hour: number, minute = 0): LocalTime => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe('localTimeAt', () => {
  it('reads the wall clock of an instant in a zone, across a date line and on a DST night', () => {
    // Act
    const tokyo = localTimeAt(utc('2026-01-31T20:30:00Z'), 'Asia/Tokyo');
    const beforeJump = localTimeAt(utc('2026-03-08T06:59:00Z'), NY);
    const afterJump = localTimeAt(utc('2026-03-08T07:00:00Z'), NY);

    // Assess
    expect(tokyo).toEqual(local(2026, 2, 1, 5, 30));
    expect(beforeJump).toEqual(local(2026, 3, 8, 1, 59));
    expect(afterJump).toEqual(local(2026, 3, 8, 3, 0));
  });

  it('round-trips through calendar arithmetic, month ends and leap days included', () => {
    // Prepare
    const leapDay = local(2028, 2, 29, 23, 45);

    // Act
    const nextMinute = fromCalendarMillis(calendarMillis(leapDay) + 15 * 60_000);

    // Assess
    expect(fromCalendarMillis(calendarMillis(leapDay))).toEqual(leapDay);
    expect(nextMinute).toEqual(local(2028, 3, 1, 0, 0));
  });
});

describe('instantOf and existingInstantOf', () => {
  it('map an ordinary wall-clock minute to the one instant it happens', () => {
    // Act
    const paris = instantOf(local(2026, 7, 14, 9, 30), 'Europe/Paris');
    const parisTick = existingInstantOf(local(2026, 7, 14, 9, 30), 'Europe/Paris');

    // Assess
    expect(new Date(paris).toISOString()).toBe('2026-07-14T07:30:00.000Z');
    expect(parisTick).toBe(paris);
  });

  it('on a spring-forward night: a period starts when the clocks jump, a cron tick does not fire', () => {
    // Prepare
    const skipped = local(2026, 3, 8, 2, 30);

    // Act
    const periodStart = instantOf(skipped, NY);
    const tick = existingInstantOf(skipped, NY);

    // Assess
    expect(new Date(periodStart).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(tick).toBeUndefined();
  });

  it('on a fall-back night: both take the first of the two instants the clock shows the minute', () => {
    // Prepare
    const repeated = local(2026, 11, 1, 1, 30);

    // Act
    const periodStart = instantOf(repeated, NY);
    const tick = existingInstantOf(repeated, NY);

    // Assess
    expect(new Date(periodStart).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(tick).toBe(periodStart);
  });

  it('handles a zone whose offset is not whole minutes (local mean time) to the second', () => {
    // Prepare: New York kept its local mean time, -04:56:02, until 18 November 1883.
    const noon = local(1880, 6, 1, 12, 0);

    // Act
    const instant = existingInstantOf(noon, NY);

    // Assess
    expect(instant).toBeDefined();
    expect(localTimeAt(instant ?? 0, NY)).toEqual(noon);
    expect(new Date(instant ?? 0).toISOString()).toBe('1880-06-01T16:56:02.000Z');
  });
});

describe('assertTimeZone', () => {
  it('accepts an IANA name and refuses anything else, naming the subject, the field and examples', () => {
    // Act
    assertTimeZone('Europe/Paris', 'executionTimezone', 'schedule "daily"');
    const unknownZone = thrown(() => assertTimeZone('Mars/Olympus', 'timezone', 'DailyPartitionsDefinition'));
    const notAString = thrown(() => assertTimeZone(3, 'executionTimezone', 'schedule "daily"'));

    // Assess
    expect(unknownZone).toBeInstanceOf(DefinitionError);
    expect(unknownZone.message).toBe(
      'DailyPartitionsDefinition: timezone "Mars/Olympus" is not an IANA time zone; use a name like "UTC", "Europe/Paris" or "America/New_York".',
    );
    expect(notAString.message).toContain('schedule "daily": executionTimezone 3 is not an IANA time zone');
  });
});
