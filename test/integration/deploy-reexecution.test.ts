// A re-execution as `cdk deploy` ships it: the synthesized state machine runs in
// aws-local-stepfunctions, every Task handled by the function's esbuild bundle from the cloud
// assembly, against dynalite; the re-execution's input is what `stepster reexecute --remote`
// sent to the Step Functions double (no local implementation of its API exists). Every AWS call
// is then checked against the calling function's role.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveCommand, remoteReexecuteCommand } from '../../shared/cli/reexecute-commands.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { LocalDeployment } from '../infra/support/local-deployment.js';
import { synthStepster } from '../infra/support/stepster-synth.js';

const FIXTURE = 'test/integration/fixtures/reexecute-definitions.ts';
let deployment: LocalDeployment;
let store: EventLogStore;
let client: SFNClient;
let dir: string;
const out = new Writable({ write: (_chunk, _encoding, done) => done() });

function bodies(): string[] {
  try {
    return readFileSync(join(dir, 'bodies.log'), 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

beforeAll(async () => {
  const synth = await synthStepster({ definitionsFile: FIXTURE, stage: 'test' });
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
  const machine = deployment.stateMachineOf('flaky_job');
  deployment.sfn.setStateMachines([{ name: machine.name, stateMachineArn: machine.arn }]);
  client = new SFNClient({
    endpoint: deployment.sfn.endpointFor('cli'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  dir = mkdtempSync(join(tmpdir(), 'stepster-deploy-reexec-'));
  // The bundles run in this process: the fixture's ops read these when they run.
  process.env.BODY_LOG = join(dir, 'bodies.log');
  process.env.BROKEN_MARKER = join(dir, 'broken');
}, 300_000);

afterAll(async () => {
  delete process.env.BODY_LOG;
  delete process.env.BROKEN_MARKER;
  await deployment?.close();
});

describe('re-execution of a deployed job', () => {
  it('re-executes from failure through the bundles, reading the reused output from the parent run', async () => {
    // Prepare
    writeFileSync(join(dir, 'broken'), 'broken');
    const failed = await deployment.runJob('flaky_job', { tags: { k: 'v' } }, { runId: 'parent-1' });
    rmSync(join(dir, 'broken'));
    const launched = await remoteReexecuteCommand({
      definitions: deployment.synth.definitions,
      runId: 'parent-1',
      request: { mode: 'from-failure' },
      target: { stage: 'test', tableName: deployment.tableName },
      store,
      client,
      newRunId: 'child-1',
      out,
    });
    const input = JSON.parse(deployment.sfn.started.at(-1)?.input ?? '{}') as unknown;

    // Act
    const retried = await deployment.runJob('flaky_job', input, { runId: launched.runId });

    // Assess
    expect(failed.status).toBe('FAILED');
    expect(retried.status).toBe('SUCCEEDED');
    expect(bodies()).toEqual(['extract', 'transform', 'transform', 'load']);
    expect(await store.getRun('child-1')).toMatchObject({
      status: 'SUCCESS',
      parentRunId: 'parent-1',
      rootRunId: 'parent-1',
      tags: { k: 'v', 'stepster/op_selection': '["transform","load"]' },
    });
    const load = await store.readOutputs('child-1', [{ node: 'load', output: 'result' }]);
    expect(load.get('load.result')).toEqual({ found: true, value: 12 });
    expect((await store.getStepStates('child-1')).extract).toMatchObject({
      status: 'NOT_SELECTED',
      reusedFrom: 'parent-1',
    });
  }, 120_000);

  it('redrives a failed execution with RedriveExecution on its ARN', async () => {
    // Prepare
    writeFileSync(join(dir, 'broken'), 'broken');
    await deployment.runJob('flaky_job', {}, { runId: 'parent-2' });
    rmSync(join(dir, 'broken'));

    // Act
    const redriven = await redriveCommand({ runId: 'parent-2', target: { stage: 'test' }, store, client, out });

    // Assess
    expect(deployment.sfn.redriven).toEqual([
      {
        executionArn: `${deployment.stateMachineOf('flaky_job').arn.replace(':stateMachine:', ':execution:')}:parent-2`,
      },
    ]);
    expect(redriven.executionArn).toContain(':execution:stepster-test-flaky_job:parent-2');
  }, 120_000);

  it('made only the AWS calls each function’s role allows (run start reads the parent; op steps its outputs)', () => {
    // Prepare
    const calls = deployment.dynamoProxy.calls;

    // Act
    const denied = calls.filter((call) => {
      const fn = deployment.functions.get(call.caller);
      return fn === undefined || !deployment.allowedActions(fn).has(call.action);
    });
    const runStartCalls = calls.filter((call) =>
      deployment.functions.get(call.caller)?.functionName.endsWith('run-start'),
    );

    // Assess
    expect(denied).toEqual([]);
    expect(runStartCalls.map((call) => call.action)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem']),
    );
  });
});
