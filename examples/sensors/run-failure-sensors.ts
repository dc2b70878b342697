import { runFailureSensor } from 'stepster';
import { failureJob, retryJob } from '../op-events/failures.js';
import { salesJob } from '../sales/sales-job.js';

/** Seed 001: alert on any job failure. In OSS Dagster sensors are the alerting layer; here too. */
export const onRunFailure = runFailureSensor(
  { name: 'on_run_failure', description: 'Alert on any job failure' },
  (context) => {
    const run = context.run;
    const error = context.failureEvent.message;
    context.log.error(`Run ${run.runId} for job '${run.jobName}' failed: ${error}`);
    // Send the alert here (SES, Slack webhook, PagerDuty…) with a secret(...) resource for its credentials.
  },
);

/** Seed 001: the same, scoped to the pipelines that matter, with the failed steps spelled out. */
export const onPipelineFailure = runFailureSensor(
  { name: 'on_pipeline_failure', monitoredJobs: [salesJob, retryJob, failureJob] },
  async (context) => {
    const steps = await context.getStepFailureEvents();
    const detail = steps.map((event) => `  ${event.stepKey}: ${event.message}`).join('\n');
    context.log.error(
      `[stepster] ${context.run.jobName} failed (run ${context.run.runId}):\n${detail || context.failureEvent.message}`,
    );
  },
);
