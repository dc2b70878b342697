// Keys of each partitions definition (Dagster's semantics), read at a fixed currentTime.
import { describe, expect, it } from 'vitest';
import {
  DailyPartitionsDefinition,
  DefinitionError,
  HourlyPartitionsDefinition,
  MonthlyPartitionsDefinition,
  PartitionKeyError,
  StaticPartitionsDefinition,
  WeeklyPartitionsDefinition,
} from 'stepster';
import { thrown } from '../support/thrown.js';

const at = (iso: string) => ({ currentTime: new Date(iso) });

describe('StaticPartitionsDefinition', () => {
  it('keeps the keys in the order given and refuses unknown keys naming them', () => {
    // Prepare
    const regions = new StaticPartitionsDefinition(['eu', 'us', 'apac']);

    // Act
    const keys = regions.getPartitionKeys();
    const error = thrown(() => regions.assertKey('mars', 'partitionKey'));

    // Assess
    expect(keys).toEqual(['eu', 'us', 'apac']);
    expect(regions.hasPartitionKey('us')).toBe(true);
    expect(regions.getPartitionKeysInRange('us', 'apac')).toEqual(['us', 'apac']);
    expect(error).toBeInstanceOf(PartitionKeyError);
    expect(error.message).toBe('partitionKey "mars": not a partition; the keys are eu, us, apac; e.g. "apac"');
  });

  it('refuses an empty list and duplicate keys', () => {
    // Act
    const empty = thrown(() => new StaticPartitionsDefinition([]));
    const twice = thrown(() => new StaticPartitionsDefinition(['a', 'a']));

    // Assess
    expect(empty).toBeInstanceOf(DefinitionError);
    expect(twice.message).toContain('lists key "a" twice');
  });
});

describe('DailyPartitionsDefinition', () => {
  it('ends at the last complete day, in its time zone', () => {
    // Prepare
    const utc = new DailyPartitionsDefinition({ startDate: '2026-01-01' });
    const tokyo = new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Asia/Tokyo' });

    // Act: 15:30Z on Jan 3rd is already Jan 4th 00:30 in Tokyo.
    const utcKeys = utc.getPartitionKeys(at('2026-01-03T15:30:00Z'));
    const tokyoKeys = tokyo.getPartitionKeys(at('2026-01-03T15:30:00Z'));

    // Assess
    expect(utcKeys).toEqual(['2026-01-01', '2026-01-02']);
    expect(tokyoKeys).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('cuts a 23-hour day on a spring-forward date, and the day ends at local midnight', () => {
    // Prepare
    const ny = new DailyPartitionsDefinition({ startDate: '2026-03-07', timezone: 'America/New_York' });

    // Act
    const window = ny.timeWindowFor('2026-03-08');
    const justBefore = ny.getPartitionKeys(at('2026-03-09T03:59:00Z'));
    const atMidnight = ny.getPartitionKeys(at('2026-03-09T04:00:00Z'));

    // Assess
    expect(window.start.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(window.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(justBefore).toEqual(['2026-03-07']);
    expect(atMidnight).toEqual(['2026-03-07', '2026-03-08']);
  });

  it('moves the end with endOffset', () => {
    // Prepare
    const ahead = new DailyPartitionsDefinition({ startDate: '2026-01-01', endOffset: 1 });
    const behind = new DailyPartitionsDefinition({ startDate: '2026-01-01', endOffset: -1 });

    // Act
    const aheadKeys = ahead.getPartitionKeys(at('2026-01-03T12:00:00Z'));
    const behindKeys = behind.getPartitionKeys(at('2026-01-03T12:00:00Z'));

    // Assess
    expect(aheadKeys).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(behindKeys).toEqual(['2026-01-01']);
  });

  it('lists a range with both ends included and names a bad end', () => {
    // Prepare
    const daily = new DailyPartitionsDefinition({ startDate: '2026-01-01' });
    const now = at('2026-02-01T00:00:00Z');

    // Act
    const range = daily.getPartitionKeysInRange('2026-01-30', '2026-01-31', now);
    const reversed = thrown(() => daily.getPartitionKeysInRange('2026-01-31', '2026-01-30', now));
    const malformed = thrown(() => daily.getPartitionKeysInRange('2026-02-30', '2026-01-31', now));
    const future = thrown(() => daily.getPartitionKeysInRange('2026-01-30', '2026-02-01', now));
    const early = thrown(() => daily.getPartitionKeysInRange('2025-12-31', '2026-01-02', now));

    // Assess
    expect(range).toEqual(['2026-01-30', '2026-01-31']);
    expect(reversed.message).toContain('"to" key "2026-01-30" comes before "from" key "2026-01-31"');
    expect(malformed.message).toBe(
      'from "2026-02-30": malformed or not a real date: daily partition keys are YYYY-MM-DD; e.g. "2026-01-31"',
    );
    expect(future.message).toContain('to "2026-02-01": not a partition yet: it is one from 2026-02-02T00:00:00.000Z');
    expect(early.message).toContain('before the first partition "2026-01-01"');
  });

  it('refuses an unknown time zone and a bad start date, naming the field', () => {
    // Act
    const zone = thrown(() => new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Mars/Olympus' }));
    const start = thrown(() => new DailyPartitionsDefinition({ startDate: '01/02/2026' }));

    // Assess
    expect(zone).toBeInstanceOf(DefinitionError);
    expect(zone.message).toContain('timezone "Mars/Olympus" is not an IANA time zone');
    expect(start.message).toContain('DailyPartitionsDefinition startDate "01/02/2026" must be a date like');
  });
});

describe('HourlyPartitionsDefinition', () => {
  it('has no key for the hour a spring-forward night skips, and says why', () => {
    // Prepare
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-03-08-00:00', timezone: 'America/New_York' });

    // Act
    const keys = hourly.getPartitionKeys(at('2026-03-08T09:00:00Z'));
    const skipped = hourly.problemWith('2026-03-08-02:00');

    // Assess
    expect(keys).toEqual(['2026-03-08-00:00', '2026-03-08-01:00', '2026-03-08-03:00', '2026-03-08-04:00']);
    expect(skipped).toContain('does not exist in America/New_York');
  });

  it('keeps one key for the repeated hour of a fall-back night, two hours long', () => {
    // Prepare
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-11-01-00:00', timezone: 'America/New_York' });

    // Act
    const keys = hourly.getPartitionKeys(at('2026-11-01T08:00:00Z'));
    const window = hourly.timeWindowFor('2026-11-01-01:00');

    // Assess
    expect(keys).toEqual(['2026-11-01-00:00', '2026-11-01-01:00', '2026-11-01-02:00']);
    expect(window.end.getTime() - window.start.getTime()).toBe(2 * 3_600_000);
  });

  it('refuses a key off the hour or in the daily format', () => {
    // Prepare
    const hourly = new HourlyPartitionsDefinition({ startDate: '2026-01-01-00:00' });

    // Act
    const offHour = hourly.problemWith('2026-01-01-10:30', at('2026-02-01T00:00:00Z'));
    const dailyFormat = hourly.problemWith('2026-01-01', at('2026-02-01T00:00:00Z'));

    // Assess
    expect(offHour).toBe('not the start of a hourly partition (minute 00)');
    expect(dailyFormat).toContain('hourly partition keys are YYYY-MM-DD-HH:mm');
  });
});

describe('WeeklyPartitionsDefinition and MonthlyPartitionsDefinition', () => {
  it('key weeks by their Sunday and months by their 1st, starting at the first whole period', () => {
    // Prepare: 2026-01-01 is a Thursday.
    const weekly = new WeeklyPartitionsDefinition({ startDate: '2026-01-01' });
    const monthly = new MonthlyPartitionsDefinition({ startDate: '2025-11-15' });

    // Act
    const weeks = weekly.getPartitionKeys(at('2026-01-25T00:00:00Z'));
    const months = monthly.getPartitionKeys(at('2026-02-10T00:00:00Z'));
    const notSunday = weekly.problemWith('2026-01-05', at('2026-02-01T00:00:00Z'));

    // Assess
    expect(weeks).toEqual(['2026-01-04', '2026-01-11', '2026-01-18']);
    expect(months).toEqual(['2025-12-01', '2026-01-01']);
    expect(notSunday).toBe('not the start of a weekly partition (a Sunday)');
  });
});
