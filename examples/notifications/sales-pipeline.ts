// Seed 001, "Notification Assets" and "Pattern 1: Filter Bad Rows and Log Warnings": the sales
// output filters invalid rows (their errors go on its materialization), and two notification
// assets behind it post to Slack and email a report once it is materialized.
import {
  AssetIn,
  AssetSelection,
  asset,
  defineAssetJob,
  deliverNotification,
  type EmailSender,
  type SlackResource,
  validateAndFilter,
} from 'stepster';
import type { SalesTransformRow } from '../assets/sales-assets.js';
import { SalesTransformSchema } from '../assets/warnings-report.js';

/** Who gets the report and the alerts (`REPORT_TO`). */
export const reportTo = (): string => process.env.REPORT_TO ?? 'team@example.com';

/**
 * Pattern 1: the rows downstream consumers get. Invalid rows are dropped, never passed on;
 * `validateAndFilter` logs a warning and puts every error under `validation_warnings` on this
 * materialization, where the UI shows it and the warnings sensor finds it.
 */
export const salesOutput = asset(
  {
    name: 'sales_output',
    group: 'output',
    kinds: ['json'],
    description: 'Clean sales rows: invalid rows removed, their errors on the materialization',
    ins: { rows: AssetIn('sales_transform') },
  },
  async (context, { rows }): Promise<SalesTransformRow[]> => {
    const clean = validateAndFilter(context, rows as SalesTransformRow[], SalesTransformSchema);
    context.addOutputMetadata({ record_count: clean.length });
    return clean;
  },
);

/** Seed 001 "Slack Notifications": a failed post is an ERROR event, never a failed run. */
export const notifySalesComplete = asset(
  {
    name: 'notify_sales_complete',
    deps: ['sales_output'],
    kinds: ['slack', 'notification'],
    group: 'notifications',
    description: 'Posts to Slack once the sales output is materialized',
    requiredResourceKeys: ['slack'],
  },
  async (context) => {
    const slack = context.resources.slack as SlackResource;
    const posted = await deliverNotification(context.log, 'Slack notification', () =>
      slack.postMessage({ text: 'Sales pipeline completed successfully' }),
    );
    if (posted.delivered) context.log.info('Slack notification sent');
  },
);

/**
 * Seed 001 "Email Notifications", through whichever email resource the Definitions give
 * (`SmtpResource` here, `SesEmailResource` on AWS), with the clean rows attached as CSV.
 */
export const emailPipelineReport = asset(
  {
    name: 'email_pipeline_report',
    ins: { sales: AssetIn('sales_output') },
    kinds: ['email', 'notification'],
    group: 'notifications',
    description: 'Emails the daily report with the sales output attached',
    requiredResourceKeys: ['email'],
  },
  async (context, { sales }) => {
    const rows = sales as SalesTransformRow[];
    const email = context.resources.email as EmailSender;
    const csv = ['order_id,region,revenue', ...rows.map((r) => `${r.orderId},${r.region},${r.revenue}`)].join('\n');
    const sent = await deliverNotification(context.log, 'Email report', () =>
      email.send({
        to: reportTo(),
        subject: 'Daily Pipeline Report',
        body: `Pipeline completed successfully: ${rows.length} sales rows. The rows are attached.`,
        attachments: [{ filename: 'sales_output.csv', content: csv, contentType: 'text/csv' }],
      }),
    );
    if (sent.delivered) context.log.info('Email report sent');
  },
);

/** The assets of this file, for `Definitions({ assets })`. */
export const pipelineAssets = [salesOutput, notifySalesComplete, emailPipelineReport];

/**
 * The whole pipeline in one run: the sales assets and their checks, the warnings report, the
 * clean output, then the notifications.
 */
export const salesPipelineJob = defineAssetJob({
  name: 'sales_pipeline',
  description: 'Sales assets, checks, warnings report, clean output and notifications',
  selection: AssetSelection.groups('sales', 'quality', 'output', 'notifications'),
  tags: { team: 'data', domain: 'sales' },
});
