import { Definitions, IMPLICIT_ASSET_JOB_NAME } from 'stepster';
import {
  assetChecks,
  assets,
  observationJob,
  observationSchedule,
  resources,
  salesAssetsJob,
} from './assets/definitions.js';
import {
  myJobWithMetadata,
  myJobWithTags,
  mySecondJobWithMetadata,
  mySecondJobWithTags,
} from './job-metadata/job-metadata.js';
import { localLogs, prodLogs } from './loggers/hello-logs.js';
import { demoJob } from './loggers/json-logger.js';
import { expectationsJob } from './op-events/expectations.js';
import { failureJob, retryJob } from './op-events/failures.js';
import { materializationsJob } from './op-events/materializations.js';
import { observationsJob } from './op-events/observations.js';
import { outputsJob } from './op-events/outputs.js';
import { salesJob } from './sales/sales-job.js';
import { dailySalesSchedule } from './schedules/daily-sales.js';
import { onPipelineFailure, onRunFailure } from './sensors/run-failure-sensors.js';
import { salesReportSensor } from './sensors/sales-report-sensor.js';

const jobs = [
  salesJob,
  outputsJob,
  materializationsJob,
  observationsJob,
  expectationsJob,
  retryJob,
  failureJob,
  myJobWithMetadata,
  mySecondJobWithMetadata,
  myJobWithTags,
  mySecondJobWithTags,
  localLogs,
  prodLogs,
  demoJob,
  salesAssetsJob,
  observationJob,
];

/**
 * Everything `npm start`, the CLI and `cdk deploy` load by default. Locally every job is
 * there (with the implicit `__ASSET_JOB` of the assets); `cdk deploy -c stage=dev` deploys all
 * but prod_logs, `-c stage=prod` the sales pipeline and prod_logs (seed 004: logging is
 * environment-specific).
 */
export default new Definitions({
  jobs,
  assets,
  assetChecks,
  resources,
  schedules: [dailySalesSchedule, observationSchedule],
  sensors: [onRunFailure, onPipelineFailure, salesReportSensor],
  stages: {
    dev: { jobs: [...jobs.map((j) => j.name).filter((name) => name !== 'prod_logs'), IMPLICIT_ASSET_JOB_NAME] },
    prod: { jobs: ['sales_job', 'retry_job', 'failure_job', 'prod_logs'] },
  },
});
