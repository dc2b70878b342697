// `stepster reexecute --remote` and `stepster redrive --remote` against the Step Functions
// protocol double on 127.0.0.1 (Step Functions has no local server; aws-local-stepfunctions is a
// library), with the deployed table played by dynalite holding a real failed run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeInProcess } from 'stepster';
import { redriveCommand, remoteReexecuteCommand } from '../../shared/cli/reexecute-commands.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';
import definitions, { flakyJob } from '../integration/fixtures/reexecute-definitions.js';
import { type StepFunctionsDouble, startStepFunctionsDouble } from './support/aws-doubles.js';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:stepster-prod-flaky_job';
let sfn: StepFunctionsDouble;
let client: SFNClient;
let dynamo: LocalDynamo;
let store: EventLogStore;
let marker: string;

const out = new Writable({ write: (_chunk, _encoding, done) => done() });

beforeAll(async () => {
  sfn = await startStepFunctionsDouble();
  sfn.setStateMachines([{ name: 'stepster-prod-flaky_job', stateMachineArn: ARN }]);
  client = new SFNClient({
    endpoint: sfn.endpointFor('cli'),
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  dynamo = await startLocalDynamo({ inMemory: true });
  await ensureTable(dynamo.client, 'stepster-prod-events');
  store = new EventLogStore({ client: dynamo.client, tableName: 'stepster-prod-events' });
  marker = join(mkdtempSync(join(tmpdir(), 'stepster-remote-reexec-')), 'broken');
  process.env.BROKEN_MARKER = marker;
});

afterAll(async () => {
  delete process.env.BROKEN_MARKER;
  await sfn?.close();
  await dynamo?.close();
});

async function failedRun(): Promise<string> {
  writeFileSync(marker, 'broken');
  const failed = await executeInProcess(flakyJob, { instance: store, raiseOnError: false, tags: { k: 'v' } });
  rmSync(marker);
  return failed.runId;
}

describe('re-execution on AWS', () => {
  it('starts a new execution with the parent’s input plus the selection and lineage fields', async () => {
    // Prepare
    const parent = await failedRun();

    // Act
    await remoteReexecuteCommand({
      definitions,
      runId: parent,
      request: { mode: 'from-failure' },
      target: { stage: 'prod' },
      store,
      client,
      newRunId: 'reexec-1',
      out,
    });

    // Assess
    expect(sfn.started.at(-1)).toEqual({
      stateMachineArn: ARN,
      name: 'reexec-1',
      input: JSON.stringify({
        runConfig: { ops: {} },
        tags: { k: 'v' },
        selection: ['transform', 'load'],
        stepster: { tags: { 'stepster/parent_run_id': parent, 'stepster/root_run_id': parent } },
      }),
    });
  });

  it('redrives the failed execution in place with RedriveExecution, and refuses a run that succeeded', async () => {
    // Prepare
    const parent = await failedRun();
    const succeeded = (await executeInProcess(flakyJob, { instance: store })).runId;

    // Act
    const redriven = await redriveCommand({ runId: parent, target: { stage: 'prod' }, store, client, out });
    const refused = redriveCommand({ runId: succeeded, target: { stage: 'prod' }, store, client, out });

    // Assess
    expect(redriven.executionArn).toBe(`${ARN.replace(':stateMachine:', ':execution:')}:${parent}`);
    expect(sfn.redriven).toEqual([{ executionArn: redriven.executionArn }]);
    await expect(refused).rejects.toThrow(
      `run "${succeeded}" is SUCCESS: only a failed or canceled run can be redriven`,
    );
  });
});
