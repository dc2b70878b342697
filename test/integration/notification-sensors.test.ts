// Run-failure notification sensors end to end: a job fails through executeInProcess (the same
// compiled state machine as on AWS, against dynalite), then the lifecycle's handleRunFinished
// fires the sensors, which post to Slack and email through resources the lifecycle set up.
// SMTP is a real SMTP server (smtp-server); Slack and Secrets Manager are HTTP protocol doubles
// on 127.0.0.1, since neither has a local implementation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Definitions } from '../../shared/definitions/definitions.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { DefinitionError } from '../../shared/errors/definition-error.js';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { RunStatus } from '../../shared/event-log/run-record.js';
import { EventType } from '../../shared/events/event-type.js';
import { handleRunFinished } from '../../shared/lifecycle/run-finished.js';
import { executeInProcess } from '../../shared/local/execute-in-process.js';
import { type LocalInstance, openLocalInstance } from '../../shared/local/local-instance.js';
import { deliverNotification } from '../../shared/notifications/deliver-notification.js';
import { SlackResource } from '../../shared/notifications/slack-resource.js';
import { SmtpResource } from '../../shared/notifications/smtp-resource.js';
import { EnvVar } from '../../shared/resources/env-var.js';
import { secret } from '../../shared/secrets/secret-reference.js';
import { makeEmailOnRunFailureSensor } from '../../shared/sensors/email-on-run-failure-sensor.js';
import { runStatusSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import { makeSlackOnRunFailureSensor } from '../../shared/sensors/slack-on-run-failure-sensor.js';
import { type HttpDouble, slackError, startSlackDouble } from '../support/notification-doubles.js';
import { type SecretsManagerDouble, startSecretsManagerDouble } from '../support/secrets-manager-double.js';
import { type SmtpDouble, startSmtpDouble } from '../support/smtp-double.js';

const SMTP_PASSWORD = 'smtp-Pa55word-for-tests';

let instance: LocalInstance;
let store: EventLogStore;
let slackDouble: HttpDouble;
let smtp: SmtpDouble;
let secrets: SecretsManagerDouble;

const load = op({ name: 'load' }, async () => {
  throw new Error('warehouse unreachable');
});
const salesJob = job({ name: 'sales_job' }, () => {
  load();
});

beforeAll(async () => {
  instance = await openLocalInstance({ inMemory: true, keepProcessAlive: false });
  store = instance.store;
  slackDouble = await startSlackDouble();
  smtp = await startSmtpDouble({
    users: { reports: SMTP_PASSWORD },
    // A server that echoes what it was given: the password must still never reach the run's log.
    rejectAuth: (password) => `Authentication failed for password ${password}`,
  });
  secrets = await startSecretsManagerDouble({ 'prod/smtp': SMTP_PASSWORD, 'prod/wrong': `${SMTP_PASSWORD}-old` });
  process.env.SMTP_PORT = String(smtp.port);
});

afterAll(async () => {
  delete process.env.SMTP_PORT;
  await Promise.all([slackDouble.close(), smtp.close(), secrets.close(), instance.close()]);
});

beforeEach(() => {
  slackDouble.requests.length = 0;
  smtp.mails.length = 0;
});

function slackFor(baseUrl: string): SlackResource {
  return new SlackResource({ token: 'xoxb-sensor-token', baseUrl: `${baseUrl}/api` });
}

function smtpResource(secretName: string): SmtpResource {
  return new SmtpResource({
    host: '127.0.0.1',
    port: EnvVar('SMTP_PORT'),
    user: 'reports',
    password: secret(secretName),
    from: 'stepster@example.com',
  });
}

async function failRun(definitions: Definitions): Promise<string> {
  const result = await executeInProcess(salesJob, { instance: store, raiseOnError: false, definitions });
  return result.runId;
}

describe('makeSlackOnRunFailureSensor and makeEmailOnRunFailureSensor', () => {
  it('post to Slack and email when a run fails, naming the job, the run id and the error', async () => {
    // Prepare
    const definitions = new Definitions({
      jobs: [salesJob],
      sensors: [
        makeSlackOnRunFailureSensor({ channel: '#data-alerts', slack: slackFor(slackDouble.url) }),
        makeEmailOnRunFailureSensor({ emailTo: 'team@example.com', email: 'smtp', monitoredJobs: [salesJob] }),
      ],
      resources: { smtp: smtpResource('prod/smtp') },
    });
    const runId = await failRun(definitions);

    // Act
    const finished = await handleRunFinished({ definitions, store, runId, status: 'FAILURE', sensorLog: () => {} });

    // Assess
    expect(finished.sensors).toEqual([
      { name: 'slack_on_run_failure', fired: true },
      { name: 'email_on_run_failure', fired: true },
    ]);
    const posted = slackDouble.requests[0]?.json();
    expect(posted?.channel).toBe('#data-alerts');
    expect(posted?.text).toContain(`Job "sales_job" failed. Run id: ${runId}`);
    expect(posted?.text).toContain('warehouse unreachable');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['team@example.com']);
    expect(smtp.mails[0]?.raw).toMatch(/^Subject: \[stepster\] sales_job failed\r?$/m);
    expect(smtp.mails[0]?.raw).toContain(runId);
    expect(smtp.mails[0]?.raw).toContain('Step "load" failed');
  });

  it('record a refused delivery as an ERROR event with the reason, secrets masked, and leave the run FAILURE', async () => {
    // Prepare
    slackDouble.reply(() => slackError('invalid_auth'));
    const definitions = new Definitions({
      jobs: [salesJob],
      sensors: [
        makeSlackOnRunFailureSensor({ name: 'slack_alert', channel: '#data-alerts', slack: 'slack' }),
        makeEmailOnRunFailureSensor({ name: 'email_alert', emailTo: 'team@example.com', email: 'smtp' }),
      ],
      resources: { slack: slackFor(slackDouble.url), smtp: smtpResource('prod/wrong') },
    });
    const runId = await failRun(definitions);

    // Act
    const finished = await handleRunFinished({ definitions, store, runId, status: 'FAILURE', sensorLog: () => {} });

    // Assess
    const events = (await store.getRecordsForRun(runId)).records;
    const errors = events.filter((e) => e.eventType === EventType.ENGINE_EVENT && e.level === 'ERROR');
    expect(errors.map((e) => e.message)).toEqual([
      `Sensor "slack_alert" failed on FAILURE of run ${runId}: NotificationDeliveryError: Slack chat.postMessage to #data-alerts failed: invalid_auth`,
      expect.stringContaining(
        `Sensor "email_alert" failed on FAILURE of run ${runId}: NotificationDeliveryError: SMTP`,
      ),
    ]);
    expect(errors[1]?.message).toContain('Authentication failed for password ***');
    expect(JSON.stringify(events)).not.toContain(SMTP_PASSWORD);
    expect(finished.sensors.map((s) => s.fired && s.error !== undefined)).toEqual([true, true]);
    expect((await store.getRun(runId))?.status).toBe(RunStatus.FAILURE);
    expect(smtp.mails).toHaveLength(0);
    slackDouble.reply((request) =>
      request.path === '/api/chat.postMessage' ? { status: 200, body: JSON.stringify({ ok: true }) } : slackError('x'),
    );
  });
});

describe('a sensor’s requiredResourceKeys', () => {
  it('give context.resources exactly those keys, set up; a key missing from Definitions is a DefinitionError', () => {
    // Prepare
    const sensor = runStatusSensor(
      { name: 'pager', runStatus: RunStatus.FAILURE, requiredResourceKeys: ['pagerduty'] },
      () => {},
    );

    // Act
    const define = () => new Definitions({ jobs: [salesJob], sensors: [sensor], resources: { slack: 'x' } });

    // Assess
    expect(define).toThrow(DefinitionError);
    expect(define).toThrow('sensor "pager" requires resource "pagerduty", which is not among the resources ("slack")');
  });

  it('are set up by the lifecycle: the sensor sees only its keys, with validated config; a config error is the sensor’s ERROR event', async () => {
    // Prepare
    const seen: string[][] = [];
    const configs: unknown[] = [];
    const watcher = runStatusSensor(
      { name: 'watcher', runStatus: RunStatus.FAILURE, requiredResourceKeys: ['slack'] },
      (context) => {
        seen.push(Object.keys(context.resources));
        configs.push((context.resources.slack as SlackResource).config);
      },
    );
    const misconfigured = runStatusSensor(
      { name: 'misconfigured', runStatus: RunStatus.FAILURE, requiredResourceKeys: ['hook'] },
      () => {},
    );
    const definitions = new Definitions({
      jobs: [salesJob],
      sensors: [watcher, misconfigured],
      resources: {
        slack: slackFor(slackDouble.url),
        smtp: smtpResource('prod/smtp'),
        hook: new SlackResource({ webhookUrl: EnvVar('UNSET_SLACK_WEBHOOK_FOR_TEST') }),
      },
    });
    const runId = await failRun(definitions);

    // Act
    await handleRunFinished({ definitions, store, runId, status: 'FAILURE', sensorLog: () => {} });

    // Assess
    expect(seen).toEqual([['slack']]);
    expect(configs[0]).toMatchObject({ token: 'xoxb-sensor-token', timeoutSeconds: 10 });
    const errors = (await store.getRecordsForRun(runId)).records.filter(
      (e) => e.eventType === EventType.ENGINE_EVENT && e.level === 'ERROR',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('Sensor "misconfigured" failed');
    expect(errors[0]?.message).toContain(
      'resources.hook.config.webhookUrl: environment variable UNSET_SLACK_WEBHOOK_FOR_TEST is not set',
    );
  });
});

describe('deliverNotification in an op', () => {
  it('records a refused post as an ERROR event in the run’s log and lets the run succeed', async () => {
    // Prepare
    slackDouble.reply(() => slackError('not_in_channel'));
    const notify = op({ name: 'notify_sales_complete', requiredResourceKeys: ['slack'] }, async (context) => {
      const slack = context.resources.slack as SlackResource;
      const outcome = await deliverNotification(context.log, 'Slack post to #sales', () =>
        slack.postMessage({ channel: '#sales', text: 'Sales pipeline completed successfully' }),
      );
      return outcome.delivered;
    });
    const notifyJob = job({ name: 'notify_job' }, () => {
      notify();
    });

    // Act
    const result = await executeInProcess(notifyJob, {
      instance: store,
      resources: { slack: slackFor(slackDouble.url) },
    });

    // Assess
    expect(result.success).toBe(true);
    expect(result.outputFor('notify_sales_complete')).toBe(false);
    const logged = result.eventsForNode('notify_sales_complete').filter((e) => e.level === 'ERROR');
    expect(logged.map((e) => e.message)).toEqual([
      'Slack post to #sales was not delivered: Slack chat.postMessage to #sales failed: not_in_channel',
    ]);
    slackDouble.reply((request) =>
      request.path === '/api/chat.postMessage' ? { status: 200, body: JSON.stringify({ ok: true }) } : slackError('x'),
    );
  });
});
