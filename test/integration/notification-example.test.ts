// examples/notifications run as a user runs them locally: endpoints from the environment,
// a real SMTP server (smtp-server) and a Slack incoming-webhook protocol double on 127.0.0.1
// (Slack has no local implementation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import definitions, { brokenWarehouseJob } from '../../examples/notifications/definitions.js';
import type { RunWarning } from '../../examples/notifications/validation-warnings-sensor.js';
import { handleRunFinished } from '../../shared/lifecycle/run-finished.js';
import { executeInProcess } from '../../shared/local/execute-in-process.js';
import { type LocalInstance, openLocalInstance } from '../../shared/local/local-instance.js';
import { type HttpDouble, startSlackDouble } from '../support/notification-doubles.js';
import { type SmtpDouble, startSmtpDouble } from '../support/smtp-double.js';

let instance: LocalInstance;
let slackDouble: HttpDouble;
let smtp: SmtpDouble;
const saved = { ...process.env };

beforeAll(async () => {
  instance = await openLocalInstance({ inMemory: true, keepProcessAlive: false });
  slackDouble = await startSlackDouble();
  smtp = await startSmtpDouble();
  Object.assign(process.env, {
    SLACK_WEBHOOK_URL: `${slackDouble.url}/hooks/T0/B0/example`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: 'pipelines@example.com',
  });
});

afterAll(async () => {
  for (const name of ['SLACK_WEBHOOK_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM']) {
    if (saved[name] === undefined) delete process.env[name];
  }
  await Promise.all([slackDouble.close(), smtp.close(), instance.close()]);
});

describe('examples/notifications', () => {
  it('runs the sales pipeline: filtered rows on sales_output, then a Slack post and an email report from the notification assets', async () => {
    // Prepare
    const before = { slack: slackDouble.requests.length, mails: smtp.mails.length };

    // Act
    const result = await executeInProcess(definitions.getJob('sales_pipeline'), {
      instance: instance.store,
      definitions,
    });

    // Assess
    expect(result.success).toBe(true);
    const output = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION' && e.stepKey === 'sales_output');
    const metadata = (output?.data?.metadata ?? {}) as Record<string, { value: { removed_rows: number } }>;
    const warnings = metadata.validation_warnings;
    expect(warnings?.value.removed_rows).toBe(2);
    expect(slackDouble.requests.slice(before.slack).map((r) => r.json())).toEqual([
      { text: 'Sales pipeline completed successfully' },
    ]);
    const mail = smtp.mails.slice(before.mails).at(0);
    expect(mail?.from).toBe('pipelines@example.com');
    expect(mail?.raw).toMatch(/^Subject: Daily Pipeline Report\r?$/m);
    expect(mail?.raw).toContain('Content-Type: text/csv; name=sales_output.csv');
    expect(result.events.filter((e) => e.level === 'ERROR')).toEqual([]);
    const materialized = result.events.filter((e) => e.eventType === 'ASSET_MATERIALIZATION').map((e) => e.stepKey);
    expect(materialized).toEqual(expect.arrayContaining(['notify_sales_complete', 'email_pipeline_report']));
  });

  it('alerts Slack and email when a run fails', async () => {
    // Prepare
    const before = { slack: slackDouble.requests.length, mails: smtp.mails.length };
    const failed = await executeInProcess(brokenWarehouseJob, {
      instance: instance.store,
      definitions,
      raiseOnError: false,
    });

    // Act
    const finished = await handleRunFinished({
      definitions,
      store: instance.store,
      runId: failed.runId,
      status: 'FAILURE',
      sensorLog: () => {},
    });

    // Assess
    expect(finished.sensors.map((s) => [s.name, s.fired, s.error])).toEqual([
      ['slack_on_run_failure', true, undefined],
      ['email_on_run_failure', true, undefined],
    ]);
    const text = String(slackDouble.requests[before.slack]?.json().text);
    expect(text).toContain(`Job "broken_warehouse_job" failed. Run id: ${failed.runId}`);
    expect(text).toContain('warehouse unreachable');
    expect(smtp.mails.slice(before.mails).map((m) => m.to)).toEqual([['team@example.com']]);
  });

  it('emails the failed checks and filtered rows of a successful run with the file attached, and a metadata report (pattern 3, success report)', async () => {
    // Prepare
    const before = smtp.mails.length;
    const run = await executeInProcess(definitions.getJob('sales_pipeline'), { instance: instance.store, definitions });

    // Act
    const finished = await handleRunFinished({
      definitions,
      store: instance.store,
      runId: run.runId,
      status: 'SUCCESS',
      sensorLog: () => {},
    });

    // Assess
    expect(run.success).toBe(true);
    expect(finished.sensors.map((s) => [s.name, s.fired, s.error])).toEqual([
      ['email_validation_warnings', true, undefined],
      ['on_run_success', true, undefined],
    ]);
    const mails = smtp.mails.slice(before);
    const warningsMail = mails.find((m) => m.raw.includes('validation warnings in sales_pipeline'));
    expect(warningsMail?.raw).toMatch(/^Subject: \[stepster\] 2 validation warnings in sales_pipeline\r?$/m);
    const attachment = /name=validation_warnings\.json[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
      warningsMail?.raw ?? '',
    )?.[1];
    const attached = JSON.parse(Buffer.from(attachment ?? '', 'base64').toString('utf8')) as RunWarning[];
    expect(attached.map((w) => [w.asset, w.check ?? null])).toEqual([
      ['sales_transform', 'check_sales_data_quality'],
      ['sales_output', null],
    ]);
    // Where examples/assets' `defaultPaths` puts files: the OS temp directory (/tmp on Lambda).
    const written = join(tmpdir(), 'stepster', 'output', run.runId, 'validation_warnings.json');
    expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(attached);
    const report = mails.find((m) => m.raw.includes('sales_pipeline completed'));
    expect(report?.raw).toContain('sales_output: {');
  });
});
