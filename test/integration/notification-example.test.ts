// examples/notifications run as a user runs them locally: endpoints from the environment,
// a real SMTP server (smtp-server) and a Slack incoming-webhook protocol double on 127.0.0.1
// (Slack has no local implementation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definitions, { brokenWarehouseJob, salesNotificationsJob } from '../../examples/notifications/definitions.js';
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
  it('posts to Slack and emails the report with its CSV attached', async () => {
    // Prepare
    const before = slackDouble.requests.length;

    // Act
    const result = await executeInProcess(salesNotificationsJob, { instance: instance.store, definitions });

    // Assess
    expect(result.success).toBe(true);
    expect(slackDouble.requests[before]?.json()).toEqual({ text: 'Sales pipeline completed successfully: 2 regions' });
    const mail = smtp.mails.at(-1);
    expect(mail?.from).toBe('pipelines@example.com');
    expect(mail?.raw).toMatch(/^Subject: Daily Pipeline Report\r?$/m);
    expect(mail?.raw).toContain('Content-Type: text/csv; name=sales_report.csv');
    expect(mail?.raw).toContain(Buffer.from('region,total\nnorth,1200\nsouth,950').toString('base64'));
    expect(result.events.filter((e) => e.level === 'ERROR')).toEqual([]);
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

  it('emails the failed checks of a successful sales_assets run, with the warnings attached (pattern 3)', async () => {
    // Prepare
    const before = smtp.mails.length;
    const run = await executeInProcess(definitions.getJob('sales_assets'), { instance: instance.store, definitions });

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
    ]);
    const mail = smtp.mails.slice(before).at(0);
    expect(mail?.raw).toMatch(/^Subject: Validation warnings: 1 check\(s\) failed in sales_assets\r?$/m);
    expect(mail?.raw).toContain('name=validation_warnings.json');
    const attachment = /name=validation_warnings\.json[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
      mail?.raw ?? '',
    )?.[1];
    expect(Buffer.from(attachment ?? '', 'base64').toString('utf8')).toContain('"check": "check_sales_data_quality"');
  });
});
