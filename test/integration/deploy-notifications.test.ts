// examples/notifications as `cdk deploy` ships it, run through the synthesized state machines in
// aws-local-stepfunctions with each Task handled by its function's esbuild bundle (environment
// from the template) against dynalite: the pipeline's notification assets post and mail, and the
// lifecycle function's failure sensors alert. Slack is a protocol double on 127.0.0.1 (it has no
// local implementation); mail goes to a real SMTP server (smtp-server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import { LocalDeployment } from '../infra/support/local-deployment.js';
import { synthStepster } from '../infra/support/stepster-synth.js';
import { type HttpDouble, startSlackDouble } from '../support/notification-doubles.js';
import { type SmtpDouble, startSmtpDouble } from '../support/smtp-double.js';

const VARIABLES = ['SLACK_WEBHOOK_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

let deployment: LocalDeployment;
let store: EventLogStore;
let slack: HttpDouble;
let smtp: SmtpDouble;

beforeAll(async () => {
  [slack, smtp] = await Promise.all([startSlackDouble(), startSmtpDouble()]);
  // What the user exports before `cdk deploy`: synth copies each onto the functions that need it.
  Object.assign(process.env, {
    SLACK_WEBHOOK_URL: `${slack.url}/hooks/T0/B0/deployed`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: 'pipelines@example.com',
  });
  const synth = await synthStepster({ definitionsFile: 'examples/notifications/definitions.ts', stage: 'notify' });
  // The functions must get the endpoints from their template environment, not from this process.
  for (const name of VARIABLES) delete process.env[name];
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
}, 300_000);

afterAll(async () => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all([deployment?.close(), slack?.close(), smtp?.close()]);
});

describe('examples/notifications deployed', () => {
  it('runs sales_pipeline: the notification assets post to Slack and email the report', async () => {
    // Prepare
    const before = { slack: slack.requests.length, mails: smtp.mails.length };

    // Act
    const execution = await deployment.runJob('sales_pipeline', {});

    // Assess
    const failures = await store.getRecordsForRun(execution.runId, { ofType: [EventType.STEP_FAILURE] });
    expect(failures.records.map((record) => record.message)).toEqual([]);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await store.getRun(execution.runId))?.status).toBe('SUCCESS');
    expect(slack.requests.slice(before.slack).map((r) => r.json())).toEqual([
      { text: 'Sales pipeline completed successfully' },
    ]);
    const mails = smtp.mails.slice(before.mails);
    expect(mails.map((m) => /^Subject: (.*?)\r?$/m.exec(m.raw)?.[1])).toEqual(['Daily Pipeline Report']);
  }, 120_000);

  it('alerts Slack and email from the lifecycle function when a run fails', async () => {
    // Prepare
    const before = { slack: slack.requests.length, mails: smtp.mails.length };
    const execution = await deployment.runJob('broken_warehouse_job', {});

    // Act
    const outcome = (await deployment.invoke(
      deployment.functionNamed('-lifecycle'),
      deployment.statusChangeEvent('broken_warehouse_job', execution.runId, 'FAILED'),
    )) as { result?: { sensors: { name: string; fired: boolean; error?: string }[] } };

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(outcome.result?.sensors.map((s) => [s.name, s.fired, s.error])).toEqual([
      ['slack_on_run_failure', true, undefined],
      ['email_on_run_failure', true, undefined],
    ]);
    expect(String(slack.requests[before.slack]?.json().text)).toContain('warehouse unreachable');
    expect(smtp.mails.slice(before.mails).map((m) => m.to)).toEqual([['team@example.com']]);
  }, 120_000);
});
