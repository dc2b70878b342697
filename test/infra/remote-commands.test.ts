// `stepster launch` and the --remote queries, against the Step Functions protocol double and dynalite.
import { Writable } from 'node:stream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchCommand,
  remoteEventsCommand,
  remoteRunsCommand,
  remoteTableName,
} from '../../shared/cli/remote-commands.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';
import { type StepFunctionsDouble, startStepFunctionsDouble } from './support/aws-doubles.js';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:stepster-prod-sales_job';
let sfn: StepFunctionsDouble;
let client: SFNClient;
let dynamo: LocalDynamo;
let store: EventLogStore;

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

beforeAll(async () => {
  sfn = await startStepFunctionsDouble();
  sfn.setStateMachines([
    { name: 'stepster-prod-sales_job', stateMachineArn: ARN },
    { name: 'stepster-prod-retry_job', stateMachineArn: ARN.replace('sales_job', 'retry_job') },
  ]);
  client = new SFNClient({
    endpoint: sfn.endpointFor('cli'),
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  dynamo = await startLocalDynamo({ inMemory: true });
  await ensureTable(dynamo.client, 'stepster-prod-events');
  store = new EventLogStore({ client: dynamo.client, tableName: 'stepster-prod-events' });
});

afterAll(async () => {
  await sfn?.close();
  await dynamo?.close();
});

describe('remote commands', () => {
  it('launches a deployed job with StartExecution, its input as typed into the console', async () => {
    // Prepare
    const out = sink();
    const input = { runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } }, tags: { k: 'v' } };

    // Act
    const result = await launchCommand({
      jobName: 'sales_job',
      input,
      runId: 'run-1',
      target: { stage: 'prod' },
      client,
      out: out.stream,
    });

    // Assess
    expect(sfn.started).toEqual([{ stateMachineArn: ARN, name: 'run-1', input: JSON.stringify(input) }]);
    expect(result.consoleUrl).toBe(
      'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:stepster-prod-sales_job:run-1',
    );
    expect(out.text()).toContain('npx stepster events run-1 --remote --stage prod');
  });

  it('fails when the job is not deployed in the stage, listing the ones that are', async () => {
    // Prepare
    const options = { jobName: 'ghost_job', target: { stage: 'prod' }, client, out: sink().stream };

    // Act
    const launched = launchCommand(options);

    // Assess
    await expect(launched).rejects.toThrow(
      'job "ghost_job" is not deployed in stage "prod" (deployed: sales_job, retry_job)',
    );
  });

  it('reads runs and events from the deployed table', async () => {
    // Prepare
    const out = sink();
    await store.startRun(
      { runId: 'run-1', jobName: 'sales_job', status: 'STARTED', tags: {}, startTime: new Date().toISOString() },
      [
        {
          key: 'E#~start#000#00000',
          record: {
            runId: 'run-1',
            eventType: 'RUN_START',
            timestamp: new Date().toISOString(),
            level: 'INFO',
            message: 'Started execution of run for "sales_job".',
          },
        },
      ],
    );

    // Act
    await remoteRunsCommand({ store, out: out.stream });
    await remoteEventsCommand({ runId: 'run-1', store, out: out.stream });

    // Assess
    expect(out.text()).toContain('run-1');
    expect(out.text()).toContain('Started execution of run for "sales_job".');
    expect(remoteTableName({ stage: 'prod' })).toBe('stepster-prod-events');
  });

  it('lists deployed runs with end time and duration, filtered by tags and status, and prints a failure in full', async () => {
    // Prepare
    const out = sink();
    const start = (runId: string, tags: Record<string, string>) =>
      store.startRun(
        { runId, jobName: 'sales_job', status: 'STARTED', tags, startTime: '2026-11-01T10:00:00.000Z' },
        [],
      );
    await start('tagged-ok', { team: 'sales' });
    await start('tagged-failed', { team: 'sales' });
    await start('untagged-failed', {});
    await store.finishRun('tagged-ok', 'SUCCESS', [], { endTime: '2026-11-01T10:04:05.000Z' });
    const failure = {
      runId: 'tagged-failed',
      eventType: 'STEP_FAILURE' as const,
      stepKey: 'fetch_sales',
      timestamp: '2026-11-01T10:00:01.000Z',
      level: 'ERROR' as const,
      message: 'Execution of step "fetch_sales" failed: Failure: no rows',
      data: {
        error: { name: 'Failure', message: 'no rows', stack: 'Error: no rows\n    at fetch (ops.ts:3:9)' },
        userFailure: { description: 'no rows', metadata: { source: { type: 'url', value: 'https://x.test/s3' } } },
      },
    };
    await store.finishRun('tagged-failed', 'FAILURE', [{ key: 'E#~end#000#00000', record: failure }]);
    await store.finishRun('untagged-failed', 'FAILURE', []);

    // Act
    await remoteRunsCommand({ store, tags: { team: 'sales' }, statuses: ['SUCCESS'], out: out.stream });
    const runs = out.text();
    await remoteEventsCommand({ runId: 'tagged-failed', store, full: true, out: out.stream });
    const events = out.text().slice(runs.length);

    // Assess
    expect(runs.split('\n').filter((line) => line.includes('tagged-'))).toEqual([
      expect.stringMatching(
        /^tagged-ok\s+SUCCESS\s+sales_job\s+2026-11-01T10:00:00.000Z 2026-11-01T10:04:05.000Z\s+4m 05s {2}team=sales$/,
      ),
    ]);
    expect(events).toContain(
      '\n    Failure: no rows\n        at fetch (ops.ts:3:9)\n    Failure metadata:\n        source: https://x.test/s3\n',
    );
  });
});
