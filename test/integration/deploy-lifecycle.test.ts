// The lifecycle function's bundle, fed the "Step Functions Execution Status Change" events and
// sweeps AWS would send (SUCCEEDED, FAILED, ABORTED, TIMED_OUT, duplicates, a missed event, a
// redrive), against dynalite; the fixture's sensors record their calls on globalThis. Also runs
// a job whose join the compiler gates, so gates are released through the Step Functions double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import type { SensorCall } from '../infra/fixtures/deploy-definitions.js';
import { LocalDeployment } from '../infra/support/local-deployment.js';
import { synthStepster } from '../infra/support/stepster-synth.js';

const FIXTURE = 'test/infra/fixtures/deploy-definitions.ts';

let deployment: LocalDeployment;
let store: EventLogStore;

interface Outcome {
  readonly action: string;
  readonly result?: { status: string; recorded: boolean; sensors: { name: string; fired: boolean; error?: string }[] };
  readonly sweep?: { examined: number; recorded: string[]; sensorsFired: string[] };
}

function sensorCalls(): SensorCall[] {
  return (globalThis as { stepsterSensorCalls?: SensorCall[] }).stepsterSensorCalls ?? [];
}

function callsFor(runId: string): SensorCall[] {
  return sensorCalls().filter((call) => call.runId === runId);
}

async function lifecycle(event: unknown): Promise<Outcome> {
  return (await deployment.invoke(deployment.functionNamed('-lifecycle'), event)) as Outcome;
}

/** Starts a run the way its first state does: the run-start function with the state's payload. */
async function startRun(jobName: string, runId: string, input: unknown = {}): Promise<void> {
  await deployment.invoke(deployment.functionNamed(`-${jobName}-run-start`), {
    input,
    execution: {
      Id: `arn:aws:states:us-east-1:123456789012:execution:x:${runId}`,
      Name: runId,
      StartTime: new Date().toISOString(),
    },
  });
}

beforeAll(async () => {
  const synth = await synthStepster({ definitionsFile: FIXTURE, stage: 'test' });
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
}, 300_000);

afterAll(async () => {
  await deployment?.close();
});

describe('lifecycle function', () => {
  it('runs a job with a gated join: the gate waits for both upstream ops and is released by SendTaskSuccess', async () => {
    // Prepare
    const input = { runConfig: { ops: { a: { config: { n: 2 } }, b: { config: { n: 5 } } } } };

    // Act
    const execution = await deployment.runJob('diamond_job', input, { runId: 'diamond-1' });

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await store.getRun('diamond-1'))?.status).toBe('SUCCESS');
    const steps = await store.getRecordsForRun('diamond-1', { ofType: EventType.STEP_SUCCESS });
    expect(steps.records.map((r) => r.stepKey).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(deployment.sfn.calls.filter((c) => c.action === 'states:SendTaskSuccess').length).toBeGreaterThan(0);
  }, 120_000);

  it('fires a SUCCESS sensor once for a SUCCEEDED event, and not again for a duplicate delivery', async () => {
    // Prepare
    const event = deployment.statusChangeEvent('diamond_job', 'diamond-1', 'SUCCEEDED');

    // Act
    const first = await lifecycle(event);
    const duplicate = await lifecycle(event);

    // Assess
    expect(first.result).toMatchObject({
      status: 'SUCCESS',
      recorded: false,
      sensors: [{ name: 'on_diamond_success', fired: true }],
    });
    expect(duplicate.result).toMatchObject({
      status: 'SUCCESS',
      sensors: [{ name: 'on_diamond_success', fired: false }],
    });
    expect(callsFor('diamond-1')).toEqual([
      {
        sensor: 'on_diamond_success',
        runId: 'diamond-1',
        jobName: 'diamond_job',
        status: 'SUCCESS',
        message: '5 steps',
      },
    ]);
  });

  it('fires the failure sensors for a FAILED run with the run’s failure message, and records a sensor that throws', async () => {
    // Prepare
    const execution = await deployment.runJob('broken_job', {}, { runId: 'broken-1' });
    const event = deployment.statusChangeEvent('broken_job', 'broken-1', 'FAILED', {
      error: execution.error?.name ?? '',
      cause: execution.error?.cause ?? '',
    });

    // Act
    const first = await lifecycle(event);
    await lifecycle(event);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(first.result?.sensors).toEqual([
      { name: 'on_any_failure', fired: true },
      { name: 'broken_sensor', fired: true, error: 'Error: the alert service is down' },
    ]);
    const calls = callsFor('broken-1');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.message).toContain("Steps failed: ['explode']");
    const engine = await store.getRecordsForRun('broken-1', { ofType: EventType.ENGINE_EVENT });
    expect(engine.records.map((r) => r.message)).toContainEqual(
      expect.stringContaining('Sensor "broken_sensor" failed'),
    );
  }, 60_000);

  it('records RUN_CANCELED for an ABORTED execution and fires the CANCELED sensor', async () => {
    // Prepare
    await startRun('heavy_job', 'aborted-1', { runConfig: { ops: { crunch: { config: { size: 1 } } } } });

    // Act
    const outcome = await lifecycle(deployment.statusChangeEvent('heavy_job', 'aborted-1', 'ABORTED'));

    // Assess
    expect(outcome.result).toMatchObject({ status: 'CANCELED', recorded: true });
    expect((await store.getRun('aborted-1'))?.status).toBe('CANCELED');
    const canceled = await store.getRecordsForRun('aborted-1', { ofType: EventType.RUN_CANCELED });
    expect(canceled.records).toHaveLength(1);
    expect(callsFor('aborted-1').map((c) => c.sensor)).toEqual(['on_canceled']);
  });

  it('records RUN_FAILURE for a TIMED_OUT execution, naming the timeout, and fires the failure sensor', async () => {
    // Prepare
    await startRun('heavy_job', 'timed-out-1', { runConfig: { ops: { crunch: { config: { size: 1 } } } } });

    // Act
    const outcome = await lifecycle(deployment.statusChangeEvent('heavy_job', 'timed-out-1', 'TIMED_OUT'));

    // Assess
    expect(outcome.result).toMatchObject({ status: 'FAILURE', recorded: true });
    const failure = await store.getRecordsForRun('timed-out-1', { ofType: EventType.RUN_FAILURE });
    expect(failure.records[0]?.message).toContain('States.Timeout');
    expect(callsFor('timed-out-1').map((c) => c.sensor)).toEqual(['on_any_failure']);
  });

  it('records a run that ended before its first state, with the job its state machine belongs to', async () => {
    // Prepare
    const event = deployment.statusChangeEvent('diamond_job', 'never-started-1', 'ABORTED');

    // Act
    const outcome = await lifecycle(event);

    // Assess
    expect(outcome.result).toMatchObject({ status: 'CANCELED', recorded: true });
    expect(await store.getRun('never-started-1')).toMatchObject({
      jobName: 'diamond_job',
      status: 'CANCELED',
      tags: { team: 'platform' },
    });
  });

  it('sweeps an execution whose status event never arrived, once', async () => {
    // Prepare
    await startRun('heavy_job', 'missed-1', { runConfig: { ops: { crunch: { config: { size: 1 } } } } });
    const machine = deployment.stateMachineOf('heavy_job');
    const now = Date.now();
    deployment.sfn.setExecutions(machine.arn, [
      {
        executionArn: `${machine.arn.replace(':stateMachine:', ':execution:')}:missed-1`,
        stateMachineArn: machine.arn,
        name: 'missed-1',
        status: 'FAILED',
        startDate: new Date(now - 120_000),
        stopDate: new Date(now - 60_000),
      },
      {
        executionArn: `${machine.arn.replace(':stateMachine:', ':execution:')}:still-running`,
        stateMachineArn: machine.arn,
        name: 'still-running',
        status: 'RUNNING',
        startDate: new Date(now - 30_000),
      },
    ]);

    // Act
    const first = await lifecycle({ stepster: 'sweep' });
    const second = await lifecycle({ stepster: 'sweep' });

    // Assess
    expect(first.sweep).toEqual({ examined: 1, recorded: ['missed-1'], sensorsFired: ['missed-1:on_any_failure'] });
    expect(second.sweep).toEqual({ examined: 1, recorded: [], sensorsFired: [] });
    expect((await store.getRun('missed-1'))?.status).toBe('FAILURE');
    expect(callsFor('missed-1')).toHaveLength(1);
  });

  it('re-opens a redriven run and fires its sensors again for the redrive’s end', async () => {
    // Prepare
    const redrive = { redriveCount: 1 };

    // Act
    const resumed = await lifecycle(deployment.statusChangeEvent('broken_job', 'broken-1', 'RUNNING', redrive));
    const statusWhileRunning = (await store.getRun('broken-1'))?.status;
    const ended = await lifecycle(
      deployment.statusChangeEvent('broken_job', 'broken-1', 'FAILED', {
        ...redrive,
        error: 'stepster.RunFailed',
        cause: 'again',
      }),
    );

    // Assess
    expect(resumed).toMatchObject({ action: 'resumed', changed: true });
    expect(statusWhileRunning).toBe('STARTED');
    expect(ended.result).toMatchObject({ status: 'FAILURE', recorded: true });
    expect(callsFor('broken-1')).toHaveLength(2);
  });

  it('ignores events of state machines the stack does not own, and refuses unknown events', async () => {
    // Prepare
    const foreign = deployment.statusChangeEvent('diamond_job', 'foreign-1', 'SUCCEEDED') as {
      detail: Record<string, unknown>;
    };
    foreign.detail.stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:someone-else';

    // Act
    const ignored = await lifecycle(foreign);
    const refused = lifecycle({ hello: 'world' });

    // Assess
    expect(ignored).toMatchObject({ action: 'ignored' });
    await expect(refused).rejects.toThrow(/LifecycleError/);
  });

  it('made only the AWS calls each function’s role allows', () => {
    // Prepare
    const calls = [...deployment.dynamoProxy.calls, ...deployment.sfn.calls];

    // Act
    const denied = calls.filter((call) => {
      const fn = deployment.functions.get(call.caller);
      const allowed = fn ? deployment.allowedActions(fn).get(call.action) : undefined;
      if (!allowed) return true;
      return (
        call.indexName !== undefined && !allowed.some((resources) => resources.includes(`/index/${call.indexName}`))
      );
    });

    // Assess
    expect(calls.some((call) => call.action === 'states:ListExecutions')).toBe(true);
    expect(denied).toEqual([]);
  });
});
