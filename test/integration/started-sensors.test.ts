// STARTED run-status sensors: locally through runLocally's onRunStarted (what `stepster run`
// wires to handleRunStarted), and as on AWS from the execution's RUNNING status-change event
// (redrive 0), against dynalite. Slack is an HTTP protocol double on 127.0.0.1 (no local
// implementation exists).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Definitions } from '../../shared/definitions/definitions.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import type { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { RunStatus } from '../../shared/event-log/run-record.js';
import { EventType } from '../../shared/events/event-type.js';
import { handleExecutionStatusChange } from '../../shared/lifecycle/execution-status-change.js';
import { handleRunStarted } from '../../shared/lifecycle/run-started.js';
import { executeInProcess } from '../../shared/local/execute-in-process.js';
import { type LocalInstance, openLocalInstance } from '../../shared/local/local-instance.js';
import { runLocally } from '../../shared/local/local-run.js';
import { SlackResource } from '../../shared/notifications/slack-resource.js';
import { runStatusSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import { type HttpDouble, startSlackDouble } from '../support/notification-doubles.js';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:nightly_job';

let instance: LocalInstance;
let store: EventLogStore;
let slackDouble: HttpDouble;
const postsBeforeOpEnded: number[] = [];

const work = op({ name: 'work' }, async () => {
  // Locally the STARTED sensor runs beside the ops, as on AWS; give it time to post.
  await new Promise((resolve) => setTimeout(resolve, 300));
  postsBeforeOpEnded.push(slackDouble.requests.length);
  return 1;
});
const nightlyJob = job({ name: 'nightly_job' }, () => {
  work();
});
const seenEvents: string[] = [];
const onStart = runStatusSensor(
  { name: 'announce_start', runStatus: RunStatus.STARTED, requiredResourceKeys: ['slack'] },
  async (context) => {
    seenEvents.push(context.dagsterEvent.eventType);
    await (context.resources.slack as SlackResource).postMessage({
      channel: '#runs',
      text: `Run ${context.run.runId} of ${context.run.jobName} started`,
    });
  },
);

let definitions: Definitions;

beforeAll(async () => {
  instance = await openLocalInstance({ inMemory: true, keepProcessAlive: false });
  store = instance.store;
  slackDouble = await startSlackDouble();
  definitions = new Definitions({
    jobs: [nightlyJob],
    sensors: [onStart],
    resources: { slack: new SlackResource({ token: 'xoxb-start', baseUrl: `${slackDouble.url}/api` }) },
  });
});

afterAll(async () => {
  await Promise.all([slackDouble.close(), instance.close()]);
});

describe('a STARTED run-status sensor', () => {
  it('fires locally once the run has started, while its ops run, with the RUN_START event', async () => {
    // Prepare
    slackDouble.requests.length = 0;
    postsBeforeOpEnded.length = 0;
    seenEvents.length = 0;

    // Act
    const result = await runLocally({
      job: nightlyJob,
      definitions,
      store,
      onRunStarted: (runId) =>
        handleRunStarted({ definitions, store, runId, jobName: nightlyJob.name, sensorLog: () => {} }),
    });

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(slackDouble.requests.map((r) => r.json().text)).toEqual([`Run ${result.runId} of nightly_job started`]);
    expect(postsBeforeOpEnded).toEqual([1]);
    expect(seenEvents).toEqual([EventType.RUN_START]);
  });

  it('fires on AWS from the RUNNING status-change event with redrive 0, once however often it is delivered', async () => {
    // Prepare
    slackDouble.requests.length = 0;
    const run = await executeInProcess(nightlyJob, { instance: store });
    const detail = {
      executionArn: `${MACHINE}:${run.runId}`,
      stateMachineArn: MACHINE,
      name: run.runId,
      status: 'RUNNING',
      redriveCount: 0,
    };
    const deps = {
      definitions,
      store,
      jobOf: (arn: string) => (arn === MACHINE ? 'nightly_job' : undefined),
      sensorLog: () => {},
    };

    // Act
    const first = await handleExecutionStatusChange(detail, deps);
    const again = await handleExecutionStatusChange(detail, deps);

    // Assess
    expect(first).toMatchObject({
      action: 'started',
      result: { started: true, sensors: [{ name: 'announce_start', fired: true }] },
    });
    expect(again).toMatchObject({ action: 'started', result: { sensors: [{ name: 'announce_start', fired: false }] } });
    expect(slackDouble.requests.map((r) => r.json().text)).toEqual([`Run ${run.runId} of nightly_job started`]);
  });

  it('is ignored for a job no STARTED sensor watches, as before', async () => {
    // Prepare
    const quiet = new Definitions({ jobs: [nightlyJob] });

    // Act
    const outcome = await handleExecutionStatusChange(
      { executionArn: `${MACHINE}:r-1`, stateMachineArn: MACHINE, name: 'r-1', status: 'RUNNING', redriveCount: 0 },
      { definitions: quiet, store, jobOf: () => 'nightly_job' },
    );

    // Assess
    expect(outcome).toEqual({ action: 'ignored', runId: 'r-1', reason: 'run start records a new run itself' });
  });
});
