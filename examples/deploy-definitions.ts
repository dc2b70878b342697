import { Definitions } from 'stepster';
import examples from './definitions.js';
import { dailySalesSchedule } from './schedules/daily-sales.js';
import { onPipelineFailure, onRunFailure } from './sensors/run-failure-sensors.js';
import { salesReportSensor } from './sensors/sales-report-sensor.js';

/** The example jobs plus the seed-001 schedule and sensors (to merge into definitions.ts). */
export default new Definitions({
  jobs: examples.jobs,
  schedules: [dailySalesSchedule],
  sensors: [onRunFailure, onPipelineFailure, salesReportSensor],
  resources: examples.resources,
  ...(examples.loggers ? { loggers: examples.loggers } : {}),
});
