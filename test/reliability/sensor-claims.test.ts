// Sensors interrupted mid-way (issue 8, item 7): the real lifecycle Lambda handler against
// dynalite, with faults only at its boundaries: a sensor whose body never resolves and a handler
// call abandoned while it waits (the Lambda stopped at its timeout), a DynamoDB client that fails
// the claim's completion write, and a fake clock instead of waiting out the lease. The first test
// synthesizes the stack (fake bundles) to hold the lease to the lifecycle function's timeout.
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLifecycleLambdaHandler, type LifecycleResult } from '../../shared/aws/lifecycle-lambda-handler.js';
import { Definitions } from '../../shared/definitions/definitions.js';
import { job } from '../../shared/definitions/graph-definition.js';
import { op } from '../../shared/definitions/op-definition.js';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import type { ClosedExecution, ExecutionLister } from '../../shared/lifecycle/execution-lister.js';
import { LIFECYCLE_FUNCTION_TIMEOUT_SECONDS, SENSOR_CLAIM_LEASE_MS } from '../../shared/lifecycle/lifecycle-timeout.js';
import { SENSOR_MAX_FIRES } from '../../shared/lifecycle/sensor-claim-policy.js';
import { sensorClaimKey } from '../../shared/lifecycle/sensor-claim.js';
import { ensureTable } from '../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../shared/local-dynamo/start-local-dynamo.js';
import { runFailureSensor } from '../../shared/sensors/run-status-sensor-definition.js';
import { StepsterStack } from '../../infra/stepster-stack.js';
import { fakeBundles } from '../infra/support/fake-bundles.js';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:pager_job';
const SENSOR = 'page_on_call';

/** What the sensor does on each call for a run, in order; `return` once the script runs out. */
type Behaviour = 'hang' | 'return' | 'throw';
const scripts = new Map<string, Behaviour[]>();
const calls: string[] = [];

function callsFor(runId: string): number {
  return calls.filter((id) => id === runId).length;
}

const pageOnCall = runFailureSensor({ name: SENSOR }, async (context) => {
  const runId = context.run.runId;
  calls.push(runId);
  const behaviour = scripts.get(runId)?.shift() ?? 'return';
  // Never settles: the Lambda running it is stopped at its timeout.
  if (behaviour === 'hang') await new Promise<never>(() => undefined);
  if (behaviour === 'throw') throw new Error('the pager service is down');
});

const work = op({ name: 'work' }, async () => 1);
const pagerJob = job({ name: 'pager_job' }, () => {
  work();
});

const definitions = new Definitions({ jobs: [pagerJob], sensors: [pageOnCall] });
const env = { STEPSTER_STATE_MACHINES: JSON.stringify({ pager_job: MACHINE }) };

let dynamo: LocalDynamo;
let store: EventLogStore;
let table = '';
let tables = 0;
let nowMs = 0;
const clock = () => new Date(nowMs);
let executions: ClosedExecution[] = [];
const listExecutions: ExecutionLister = async function* () {
  yield* executions;
};

function lifecycle(storeOverride?: EventLogStore): (event: unknown) => Promise<LifecycleResult> {
  return createLifecycleLambdaHandler({
    definitions,
    env,
    store: storeOverride ?? store,
    listExecutions,
    clock,
  });
}

function failedEvent(runId: string): unknown {
  return {
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: {
      executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${runId}`,
      stateMachineArn: MACHINE,
      name: runId,
      status: 'FAILED',
      startDate: nowMs - 60_000,
      stopDate: nowMs,
      error: 'stepster.RunFailed',
      cause: "Steps failed: ['work']",
    },
  };
}

async function startRun(runId: string, behaviours: Behaviour[]): Promise<void> {
  scripts.set(runId, behaviours);
  await store.startRun(
    { runId, jobName: 'pager_job', status: 'STARTED', tags: {}, startTime: new Date(nowMs - 60_000).toISOString() },
    [],
  );
}

/** Invokes the handler and abandons the call once the sensor is running: the Lambda dies mid-way. */
async function deliverAndAbandon(handler: (event: unknown) => Promise<LifecycleResult>, event: unknown, runId: string) {
  const before = callsFor(runId);
  let failure: unknown;
  handler(event).catch((error: unknown) => {
    failure = error;
  });
  // Generous: the machine is shared, and a run's end takes several DynamoDB round trips first.
  await vi.waitFor(
    () => {
      if (failure !== undefined)
        throw new Error(`the abandoned delivery failed instead of hanging: ${String(failure)}`);
      expect(callsFor(runId)).toBe(before + 1);
    },
    { timeout: 30_000, interval: 20 },
  );
}

function sensorsOf(result: LifecycleResult): unknown {
  return 'result' in result ? result.result.sensors : result;
}

async function claimOf(runId: string) {
  return (await store.getOnce(runId, sensorClaimKey({ sensorName: SENSOR, status: 'FAILURE', redriveCount: 0 })))
    ?.attrs;
}

async function engineMessages(runId: string): Promise<string[]> {
  const { records } = await store.getRecordsForRun(runId, { ofType: EventType.ENGINE_EVENT });
  return records.map((r) => `${r.level} ${r.message}`);
}

beforeAll(async () => {
  dynamo = await startLocalDynamo({ inMemory: true });
});

// A table and a clock per test: a claim one test leaves open must not be swept by the next.
beforeEach(async () => {
  tables++;
  table = `stepster-sensor-claims-${tables}`;
  await ensureTable(dynamo.client, table);
  store = new EventLogStore({ client: dynamo.client, tableName: table });
  nowMs = Date.parse('2026-11-24T10:00:00.000Z');
  executions = [];
});

afterAll(async () => {
  await dynamo?.close();
});

describe('sensor claims', () => {
  it('leases a sensor claim for longer than the timeout the stack gives the lifecycle function', () => {
    // Prepare
    const stack = new StepsterStack(new App(), 'stepster-lease', {
      definitions,
      bundles: fakeBundles(['work']),
      stage: 'lease',
    });

    // Act
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'stepster-lease-lifecycle' },
    });

    // Assess
    const timeouts = Object.values(functions).map((fn) => fn.Properties.Timeout);
    expect(timeouts).toEqual([LIFECYCLE_FUNCTION_TIMEOUT_SECONDS]);
    expect(SENSOR_CLAIM_LEASE_MS).toBeGreaterThan(LIFECYCLE_FUNCTION_TIMEOUT_SECONDS * 1000);
  }, 120_000);

  it('fires an interrupted sensor again on the next delivery once its lease has run out', async () => {
    // Prepare
    const handler = lifecycle();
    await startRun('refire-delivery', ['hang', 'return']);
    await deliverAndAbandon(handler, failedEvent('refire-delivery'), 'refire-delivery');
    const interrupted = await claimOf('refire-delivery');
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;

    // Act
    const redelivered = await handler(failedEvent('refire-delivery'));

    // Assess
    expect(sensorsOf(redelivered)).toEqual([{ name: SENSOR, fired: true, refire: 2 }]);
    expect(callsFor('refire-delivery')).toBe(2);
    expect(interrupted).toMatchObject({ state: 'RUNNING', fires: 1, leaseMs: SENSOR_CLAIM_LEASE_MS });
    expect(await claimOf('refire-delivery')).toMatchObject({
      state: 'DONE',
      outcome: 'SUCCESS',
      fires: 2,
      completedAt: clock().toISOString(),
    });
    expect(await engineMessages('refire-delivery')).toEqual([
      expect.stringMatching(
        /^WARNING Sensor "page_on_call" on FAILURE of run refire-delivery did not complete: fire 1 started at .* firing it again \(fire 2 of 3\)\.$/,
      ),
    ]);
  });

  it('does not fire a sensor again while its claim is live: two concurrent deliveries fire it once', async () => {
    // Prepare
    const handler = lifecycle();
    await startRun('live-lease', ['hang']);
    const startedAt = clock();

    // Act
    const [first, second] = [handler(failedEvent('live-lease')), handler(failedEvent('live-lease'))];
    const settled = await Promise.race([first, second]);
    nowMs += SENSOR_CLAIM_LEASE_MS - 1_000;
    const beforeLeaseEnds = await handler(failedEvent('live-lease'));
    const sweep = await handler({ stepster: 'sweep' });

    // Assess
    expect(sensorsOf(settled)).toEqual([{ name: SENSOR, fired: false, inProgress: true }]);
    expect(sensorsOf(beforeLeaseEnds)).toEqual([{ name: SENSOR, fired: false, inProgress: true }]);
    expect(sweep).toMatchObject({ action: 'swept', sweep: { sensorsFired: [] } });
    expect(callsFor('live-lease')).toBe(1);
    expect(await claimOf('live-lease')).toMatchObject({
      state: 'RUNNING',
      fires: 1,
      startedAt: startedAt.toISOString(),
      leaseExpiresAt: startedAt.getTime() + SENSOR_CLAIM_LEASE_MS,
    });
  });

  it('has the sweep fire an interrupted sensor again, for a run whose end is recorded and outside its window', async () => {
    // Prepare
    const handler = lifecycle();
    await startRun('refire-sweep', ['hang', 'return']);
    await deliverAndAbandon(handler, failedEvent('refire-sweep'), 'refire-sweep');
    const stopDate = clock();
    nowMs += 2 * 3_600_000;
    executions = [
      {
        executionArn: `${MACHINE}:refire-sweep`,
        stateMachineArn: MACHINE,
        name: 'refire-sweep',
        status: 'FAILED',
        startDate: new Date(stopDate.getTime() - 60_000),
        stopDate,
      },
    ];

    // Act
    const swept = await handler({ stepster: 'sweep' });
    const again = await handler({ stepster: 'sweep' });

    // Assess
    expect(swept).toEqual({
      action: 'swept',
      sweep: { examined: 0, recorded: [], sensorsFired: ['refire-sweep:page_on_call'] },
    });
    expect(again).toMatchObject({ sweep: { sensorsFired: [] } });
    expect((await store.getRun('refire-sweep'))?.status).toBe('FAILURE');
    expect(callsFor('refire-sweep')).toBe(2);
    expect(await claimOf('refire-sweep')).toMatchObject({ state: 'DONE', outcome: 'SUCCESS', fires: 2 });
  });

  it('records an ERROR event naming the sensor once it was interrupted on each of its fires, and stops', async () => {
    // Prepare
    const handler = lifecycle();
    await startRun('given-up', ['hang', 'hang', 'hang']);
    await deliverAndAbandon(handler, failedEvent('given-up'), 'given-up');
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;
    await deliverAndAbandon(handler, failedEvent('given-up'), 'given-up');
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;
    await deliverAndAbandon(handler, { stepster: 'sweep' }, 'given-up');
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;

    // Act
    const reported = await handler({ stepster: 'sweep' });
    const later = await handler(failedEvent('given-up'));

    // Assess
    expect(reported).toMatchObject({ sweep: { sensorsFired: [], sensorsReported: ['given-up:page_on_call'] } });
    expect(sensorsOf(later)).toEqual([{ name: SENSOR, fired: false }]);
    expect(callsFor('given-up')).toBe(SENSOR_MAX_FIRES);
    const messages = await engineMessages('given-up');
    expect(messages.filter((m) => m.startsWith('WARNING'))).toHaveLength(SENSOR_MAX_FIRES - 1);
    expect(messages.filter((m) => m.startsWith('ERROR'))).toEqual([
      expect.stringContaining(
        'ERROR Sensor "page_on_call" may not have completed on FAILURE of run given-up: it was fired 3 times and no fire completed',
      ),
    ]);
    expect(await claimOf('given-up')).toMatchObject({ state: 'DONE', outcome: 'INTERRUPTED', fires: 3 });
  });

  it('fires a sensor again when its completion could not be recorded, once the lease runs out', async () => {
    // Prepare
    const failingClient = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: unknown) => {
          // The completion is the one write that closes a claim (drops it from the open index).
          if (command instanceof UpdateItemCommand && command.input.UpdateExpression?.includes('REMOVE gsi2pk')) {
            return Promise.reject(
              // Not a throttling or 5xx error, which the table client retries for seconds first.
              Object.assign(new Error('User is not authorized to perform dynamodb:UpdateItem'), {
                name: 'AccessDeniedException',
              }),
            );
          }
          return (target.send as (c: unknown) => Promise<unknown>)(command);
        };
      },
    }) as DynamoDBClient;
    const broken = lifecycle(new EventLogStore({ client: failingClient, tableName: table }));
    await startRun('unrecorded', ['return', 'return']);
    const first = await broken(failedEvent('unrecorded'));
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;

    // Act
    const redelivered = await lifecycle()(failedEvent('unrecorded'));

    // Assess
    expect(sensorsOf(first)).toEqual([
      {
        name: SENSOR,
        fired: true,
        unrecorded:
          "the claim's completion could not be written: User is not authorized to perform dynamodb:UpdateItem",
      },
    ]);
    expect(sensorsOf(redelivered)).toEqual([{ name: SENSOR, fired: true, refire: 2 }]);
    expect(callsFor('unrecorded')).toBe(2);
  });

  it('records a sensor that throws as an ERROR event and never fires it again, even after its lease', async () => {
    // Prepare
    const handler = lifecycle();
    await startRun('thrown', ['throw', 'return']);
    const first = await handler(failedEvent('thrown'));
    nowMs += 3 * SENSOR_CLAIM_LEASE_MS;

    // Act
    const redelivered = await handler(failedEvent('thrown'));
    const swept = await handler({ stepster: 'sweep' });

    // Assess
    expect(sensorsOf(first)).toEqual([{ name: SENSOR, fired: true, error: 'Error: the pager service is down' }]);
    expect(sensorsOf(redelivered)).toEqual([{ name: SENSOR, fired: false }]);
    expect(swept).toMatchObject({ sweep: { sensorsFired: [] } });
    expect(callsFor('thrown')).toBe(1);
    expect(await engineMessages('thrown')).toEqual([
      'ERROR Sensor "page_on_call" failed on FAILURE of run thrown: Error: the pager service is down',
    ]);
    expect(await claimOf('thrown')).toMatchObject({ state: 'DONE', outcome: 'ERROR' });
  });

  it('reports an interrupted sensor that is no longer defined instead of leaving its claim open', async () => {
    // Prepare
    await startRun('undefined-sensor', ['hang']);
    await deliverAndAbandon(lifecycle(), failedEvent('undefined-sensor'), 'undefined-sensor');
    nowMs += SENSOR_CLAIM_LEASE_MS + 1_000;
    const withoutSensor = createLifecycleLambdaHandler({
      definitions: new Definitions({ jobs: [pagerJob] }),
      env,
      store,
      listExecutions,
      clock,
    });

    // Act
    const swept = await withoutSensor({ stepster: 'sweep' });
    const open = await store.listOpenOnce();

    // Assess
    expect(swept).toMatchObject({ sweep: { sensorsReported: ['undefined-sensor:page_on_call'] } });
    expect(callsFor('undefined-sensor')).toBe(1);
    expect(await engineMessages('undefined-sensor')).toEqual([
      expect.stringContaining('it is no longer defined in the Definitions'),
    ]);
    expect(open.filter((marker) => marker.runId === 'undefined-sensor')).toEqual([]);
  });
});
