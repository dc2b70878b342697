import { PartitionCadence } from './partition-cadence.js';
import {
  TimeWindowPartitionsDefinition,
  type TimeWindowPartitionsOptions,
} from './time-window-partitions-definition.js';

/**
 * One partition per day, keyed `YYYY-MM-DD` (Dagster's `DailyPartitionsDefinition`). The last key
 * is yesterday's (the last complete day in `timezone`).
 *
 * @example
 * const daily = new DailyPartitionsDefinition({ startDate: '2026-01-01', timezone: 'Europe/Paris' });
 * daily.getPartitionKeys({ currentTime: new Date('2026-01-03T12:00:00Z') }); // → ['2026-01-01', '2026-01-02']
 */
export class DailyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(options: TimeWindowPartitionsOptions) {
    super(PartitionCadence.DAILY, options);
  }
}

/**
 * One partition per hour, keyed `YYYY-MM-DD-HH:mm` (Dagster's `HourlyPartitionsDefinition`).
 *
 * @example
 * const hourly = new HourlyPartitionsDefinition({ startDate: '2026-01-01-00:00' });
 */
export class HourlyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(options: TimeWindowPartitionsOptions) {
    super(PartitionCadence.HOURLY, options);
  }
}

/**
 * One partition per week starting on Sunday, keyed by the Sunday `YYYY-MM-DD`
 * (Dagster's `WeeklyPartitionsDefinition`).
 *
 * @example
 * const weekly = new WeeklyPartitionsDefinition({ startDate: '2026-01-04' });
 */
export class WeeklyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(options: TimeWindowPartitionsOptions) {
    super(PartitionCadence.WEEKLY, options);
  }
}

/**
 * One partition per month, keyed by its first day `YYYY-MM-01` (Dagster's `MonthlyPartitionsDefinition`).
 *
 * @example
 * const monthly = new MonthlyPartitionsDefinition({ startDate: '2026-01-01' });
 */
export class MonthlyPartitionsDefinition extends TimeWindowPartitionsDefinition {
  constructor(options: TimeWindowPartitionsOptions) {
    super(PartitionCadence.MONTHLY, options);
  }
}
