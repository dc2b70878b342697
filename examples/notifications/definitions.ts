// Seed 001's "Recommended Architecture", end to end:
//
//   Asset check fails (blocking)      -> check_sales_schema stops sales_output and everything after it
//   Asset check fails (non-blocking)  -> check_sales_data_quality is recorded; email_validation_warnings mails it
//   Data quality warnings             -> sales_output's validation_warnings metadata; the same sensor mails it
//   Run fails                         -> slack_on_run_failure and email_on_run_failure alert
//   Run succeeds                      -> on_run_success emails every asset's metadata
//   Job completes                     -> the notify_sales_complete asset posts to Slack
//
// Every endpoint comes from the environment, so it runs locally against local servers:
//   SLACK_WEBHOOK_URL  an incoming webhook (https://hooks.slack.com/services/...)
//   SMTP_HOST, SMTP_PORT, SMTP_FROM  an SMTP server (on AWS, use SesEmailResource instead:
//     new SesEmailResource({ from: EnvVar('REPORT_FROM') }) sends through the function's role)
//   REPORT_TO  who gets the report and the alerts
import { salesAssets, salesAssetsJob } from '../assets/definitions.js';
import { defaultPaths } from '../assets/paths-resource.js';
import { salesChecks } from '../assets/sales-checks.js';
import { onRunSuccess } from './run-success-report.js';
import { pipelineAssets, reportTo, salesPipelineJob } from './sales-pipeline.js';
import { emailValidationWarnings } from './validation-warnings-sensor.js';
import {
  Definitions,
  EnvVar,
  job,
  makeEmailOnRunFailureSensor,
  makeSlackOnRunFailureSensor,
  op,
  SlackResource,
  SmtpResource,
} from 'stepster';

/** A job that fails, to see the failure sensors at work. */
export const brokenWarehouseJob = job({ name: 'broken_warehouse_job' }, () => {
  op({ name: 'load_warehouse' }, async () => {
    throw new Error('warehouse unreachable');
  })();
});

export { salesPipelineJob };

export default new Definitions({
  assets: [...salesAssets, ...pipelineAssets],
  assetChecks: salesChecks,
  jobs: [salesPipelineJob, salesAssetsJob, brokenWarehouseJob],
  sensors: [
    makeSlackOnRunFailureSensor({ channel: '#data-alerts', slack: 'slack' }),
    makeEmailOnRunFailureSensor({ emailTo: reportTo(), email: 'email' }),
    emailValidationWarnings,
    onRunSuccess,
  ],
  resources: {
    paths: defaultPaths,
    slack: new SlackResource({ webhookUrl: EnvVar('SLACK_WEBHOOK_URL') }),
    email: new SmtpResource({ host: EnvVar('SMTP_HOST'), port: EnvVar('SMTP_PORT'), from: EnvVar('SMTP_FROM') }),
  },
});
