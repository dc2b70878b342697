export { CRON_FIELDS, type CronExpression, type CronField, parseCronExpression } from './cron-expression.js';
export { nextTicks, type ScheduleTick } from './next-ticks.js';
export {
  DefaultScheduleStatus,
  MAX_SCHEDULE_NAME_LENGTH,
  schedule,
  ScheduleDefinition,
  type ScheduleOptions,
} from './schedule-definition.js';
export { type ScheduleExecutionInput, scheduleExecutionInput } from './schedule-execution-input.js';
export { scheduledRunId } from './scheduled-run-id.js';
export { toSchedulerCron } from './scheduler-cron.js';
export { describeSchedules, formatSchedules, type ScheduleSummary } from './schedules-report.js';
export { assertTimeZone, instantOfWallClock, type WallClock, wallClockAt } from './zoned-time.js';
