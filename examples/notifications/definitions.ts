// Seed 001, "Notification Assets" and "Run Failure Sensor", with ops: a job that posts to Slack
// and emails a report with an attachment through resources, and the two failure sensors.
// Every endpoint comes from the environment, so it runs locally against local servers:
//   SLACK_WEBHOOK_URL  an incoming webhook (https://hooks.slack.com/services/...)
//   SMTP_HOST, SMTP_PORT, SMTP_FROM  an SMTP server (on AWS, use SesEmailResource instead:
//     new SesEmailResource({ from: EnvVar('REPORT_FROM') }) sends through the function's role)
//   REPORT_TO  who gets the report and the failure emails
import { salesAssets, salesAssetsJob } from '../assets/definitions.js';
import { defaultPaths } from '../assets/paths-resource.js';
import { salesChecks } from '../assets/sales-checks.js';
import { emailValidationWarnings } from './validation-warnings-sensor.js';
import {
  Definitions,
  deliverNotification,
  EnvVar,
  In,
  job,
  makeEmailOnRunFailureSensor,
  makeSlackOnRunFailureSensor,
  op,
  SlackResource,
  SmtpResource,
} from 'stepster';

interface SalesRow {
  readonly region: string;
  readonly total: number;
}

const reportTo = () => process.env.REPORT_TO ?? 'team@example.com';

export const buildSalesReport = op(
  { name: 'build_sales_report' },
  async (): Promise<SalesRow[]> => [
    { region: 'north', total: 1200 },
    { region: 'south', total: 950 },
  ],
);

/** Seed 001 "Slack Notifications": a failed post is an ERROR event, never a failed run. */
export const notifySalesComplete = op(
  { name: 'notify_sales_complete', ins: { rows: In() }, requiredResourceKeys: ['slack'] },
  async (context, { rows }) => {
    const slack = context.resources.slack as SlackResource;
    const posted = await deliverNotification(context.log, 'Slack notification', () =>
      slack.postMessage({ text: `Sales pipeline completed successfully: ${(rows as SalesRow[]).length} regions` }),
    );
    if (posted.delivered) context.log.info('Slack notification sent');
  },
);

/** Seed 001 "Email Notifications", with the report attached as CSV. */
export const emailPipelineReport = op(
  { name: 'email_pipeline_report', ins: { rows: In() }, requiredResourceKeys: ['email'] },
  async (context, { rows }) => {
    const report = rows as SalesRow[];
    const email = context.resources.email as SmtpResource;
    const csv = ['region,total', ...report.map((r) => `${r.region},${r.total}`)].join('\n');
    const sent = await deliverNotification(context.log, 'Email report', () =>
      email.send({
        to: reportTo(),
        subject: 'Daily Pipeline Report',
        body: 'Pipeline completed successfully. The sales report is attached.',
        attachments: [{ filename: 'sales_report.csv', content: csv, contentType: 'text/csv' }],
      }),
    );
    if (sent.delivered) context.log.info('Email report sent');
  },
);

export const salesNotificationsJob = job({ name: 'sales_notifications_job' }, () => {
  const rows = buildSalesReport();
  notifySalesComplete(rows);
  emailPipelineReport(rows);
});

/** A job that fails, to see the failure sensors at work. */
export const brokenWarehouseJob = job({ name: 'broken_warehouse_job' }, () => {
  op({ name: 'load_warehouse' }, async () => {
    throw new Error('warehouse unreachable');
  })();
});

export default new Definitions({
  // The sales assets and their checks too, for the sensor of pattern 3.
  assets: salesAssets,
  assetChecks: salesChecks,
  jobs: [salesNotificationsJob, brokenWarehouseJob, salesAssetsJob],
  sensors: [
    makeSlackOnRunFailureSensor({ channel: '#data-alerts', slack: 'slack' }),
    makeEmailOnRunFailureSensor({ emailTo: reportTo(), email: 'email' }),
    emailValidationWarnings,
  ],
  resources: {
    paths: defaultPaths,
    slack: new SlackResource({ webhookUrl: EnvVar('SLACK_WEBHOOK_URL') }),
    email: new SmtpResource({ host: EnvVar('SMTP_HOST'), port: EnvVar('SMTP_PORT'), from: EnvVar('SMTP_FROM') }),
  },
});
