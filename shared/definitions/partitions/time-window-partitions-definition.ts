import { DefinitionError } from '../../errors/definition-error.js';
import { assertTimeZone, calendarMillis, instantOf, type LocalTime, localTimeAt } from './local-clock.js';
import { floorOf, keyFormatOf, keyOf, PartitionCadence, parseKey, shiftPeriod } from './partition-cadence.js';
import { PartitionKeyError } from './partition-key-error.js';
import { type PartitionKeysOptions, PartitionsDefinition } from './partitions-definition.js';

/** Options of the daily, hourly, weekly and monthly partitions definitions. */
export interface TimeWindowPartitionsOptions {
  /**
   * The first partition: `'2026-01-01'` (`'2026-01-01-00:00'` for hourly), read in `timezone`, or
   * a `Date`. A start inside a period starts at the next period (a weekly start on a Wednesday
   * starts the next Sunday), as in Dagster.
   */
  readonly startDate: string | Date;
  /** IANA time zone the periods are cut in. @default 'UTC' */
  readonly timezone?: string;
  /**
   * Periods beyond the last complete one: 1 includes the period in progress, -1 stops one earlier.
   * @default 0
   */
  readonly endOffset?: number;
}

/** One partition's time window: `[start, end)`. */
export interface PartitionTimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Partitions that are periods of time (Dagster's `TimeWindowPartitionsDefinition`). Periods are
 * cut on the wall clock of `timezone`, so a daily partition is 23 or 25 hours long on a
 * daylight-saving day, and an hourly partition that the clocks skip does not exist.
 */
export class TimeWindowPartitionsDefinition extends PartitionsDefinition {
  readonly cadence: PartitionCadence;
  readonly timezone: string;
  readonly endOffset: number;
  private readonly first: LocalTime;
  /** The zone offset (ms) the last existence test saw: a hint, never a fact. */
  private lastOffset = 0;

  constructor(cadence: PartitionCadence, options: TimeWindowPartitionsOptions) {
    super();
    const subject = `${className(cadence)}`;
    this.cadence = cadence;
    this.timezone = options?.timezone ?? 'UTC';
    assertTimeZone(this.timezone, 'timezone', subject);
    this.endOffset = options.endOffset ?? 0;
    if (!Number.isInteger(this.endOffset)) {
      throw new DefinitionError(
        `${subject} endOffset must be an integer number of periods, got ${options.endOffset}.`,
        {
          subject,
        },
      );
    }
    const start = parseStart(cadence, options?.startDate, this.timezone, subject);
    const floor = floorOf(cadence, start);
    this.first = calendarMillis(floor) === calendarMillis(start) ? floor : shiftPeriod(cadence, floor, 1);
  }

  firstKey(): string {
    return keyOf(this.cadence, this.first);
  }

  describe(): string {
    const offset = this.endOffset === 0 ? '' : `, endOffset ${this.endOffset}`;
    return `${this.cadence} partitions from ${this.firstKey()} in ${this.timezone}${offset}`;
  }

  getPartitionKeys(options?: PartitionKeysOptions): string[] {
    const last = this.lastStart(options);
    const keys: string[] = [];
    if (last === undefined) return keys;
    const end = calendarMillis(last);
    for (let t = this.first; calendarMillis(t) <= end; t = shiftPeriod(this.cadence, t, 1)) {
      if (!this.isEmpty(t)) keys.push(keyOf(this.cadence, t));
    }
    return keys;
  }

  /** The last key at `currentTime` (Dagster's `get_last_partition_key`), or undefined before the first. */
  getLastPartitionKey(options?: PartitionKeysOptions): string | undefined {
    const last = this.lastStart(options);
    return last === undefined ? undefined : keyOf(this.cadence, last);
  }

  problemWith(key: string, options?: PartitionKeysOptions): string | undefined {
    const t = parseKey(this.cadence, key);
    if (t === undefined)
      return `malformed or not a real date: ${this.cadence} partition keys are ${keyFormatOf(this.cadence)}`;
    if (calendarMillis(floorOf(this.cadence, t)) !== calendarMillis(t)) {
      return `not the start of a ${this.cadence} partition (${startRule(this.cadence)})`;
    }
    if (calendarMillis(t) < calendarMillis(this.first)) return `before the first partition "${this.firstKey()}"`;
    if (this.isEmpty(t)) return `does not exist in ${this.timezone}: the clocks skip it (daylight saving time)`;
    const last = this.lastStart(options);
    if (last === undefined || calendarMillis(t) > calendarMillis(last)) {
      const until = instantOf(shiftPeriod(this.cadence, t, 1 - this.endOffset), this.timezone);
      return `not a partition yet: it is one from ${new Date(until).toISOString()}`;
    }
    return undefined;
  }

  /**
   * The time window of `key`: `[start, end)` as instants (Dagster's `time_window_for_partition_key`).
   * @throws PartitionKeyError when `key` is malformed or not the start of a period
   */
  timeWindowFor(key: string): PartitionTimeWindow {
    const t = parseKey(this.cadence, key);
    if (t === undefined || calendarMillis(floorOf(this.cadence, t)) !== calendarMillis(t)) {
      throw new PartitionKeyError(
        `partition key "${key}" is not a ${this.cadence} partition key (${keyFormatOf(this.cadence)}, ${startRule(this.cadence)}); e.g. "${this.firstKey()}"`,
      );
    }
    return {
      start: new Date(instantOf(t, this.timezone)),
      end: new Date(instantOf(shiftPeriod(this.cadence, t, 1), this.timezone)),
    };
  }

  /** The start of the last partition at `currentTime`, or undefined when there is none yet. */
  private lastStart(options?: PartitionKeysOptions): LocalTime | undefined {
    const now = (options?.currentTime ?? new Date()).getTime();
    let t = floorOf(this.cadence, localTimeAt(now, this.timezone));
    // The period holding `now` is in progress; a fall-back hour can make the one before it so too.
    while (instantOf(shiftPeriod(this.cadence, t, 1), this.timezone) > now) t = shiftPeriod(this.cadence, t, -1);
    for (let moved = 0; moved !== this.endOffset; ) {
      const step = this.endOffset > 0 ? 1 : -1;
      t = shiftPeriod(this.cadence, t, step);
      if (!this.isEmpty(t)) moved += step;
    }
    while (this.isEmpty(t)) t = shiftPeriod(this.cadence, t, -1);
    return calendarMillis(t) < calendarMillis(this.first) ? undefined : t;
  }

  /** A period the clocks skip entirely (an hour of a spring-forward night) has no partition. */
  private isEmpty(start: LocalTime): boolean {
    if (this.cadence !== PartitionCadence.HOURLY && this.cadence !== PartitionCadence.DAILY) return false;
    // Cheap test first, with the zone offset last seen: a start shown as itself exists, so its
    // period is not empty. Keeps listing years of hourly keys at one Intl call per key.
    const wall = calendarMillis(start);
    if (calendarMillis(localTimeAt(wall - this.lastOffset, this.timezone)) === wall) return false;
    const at = instantOf(start, this.timezone);
    this.lastOffset = wall - at;
    if (calendarMillis(localTimeAt(at, this.timezone)) === wall) return false;
    return instantOf(shiftPeriod(this.cadence, start, 1), this.timezone) <= at;
  }
}

function className(cadence: PartitionCadence): string {
  return `${cadence[0]?.toUpperCase() ?? ''}${cadence.slice(1)}PartitionsDefinition`;
}

function startRule(cadence: PartitionCadence): string {
  switch (cadence) {
    case PartitionCadence.HOURLY:
      return 'minute 00';
    case PartitionCadence.DAILY:
      return 'a date';
    case PartitionCadence.WEEKLY:
      return 'a Sunday';
    case PartitionCadence.MONTHLY:
      return 'the 1st of a month';
  }
}

function parseStart(cadence: PartitionCadence, startDate: unknown, timeZone: string, subject: string): LocalTime {
  if (startDate instanceof Date && !Number.isNaN(startDate.getTime()))
    return localTimeAt(startDate.getTime(), timeZone);
  if (typeof startDate === 'string') {
    const t = parseKey(PartitionCadence.HOURLY, startDate) ?? parseKey(PartitionCadence.DAILY, startDate);
    if (t !== undefined) return t;
  }
  throw new DefinitionError(
    `${subject} startDate ${JSON.stringify(startDate)} must be a date like '2026-01-01'${cadence === PartitionCadence.HOURLY ? " or '2026-01-01-00:00'" : ''}, or a Date.`,
    { subject },
  );
}
