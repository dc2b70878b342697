// Issue 12, item 6, as `cdk deploy` ships it: a job past one state machine's quotas (600 chained
// ops with 64-character names) is synthesized into a parent state machine, its child state
// machines, and op functions in nested stacks of 100. The parent runs in aws-local-stepfunctions;
// each of its `startExecution.sync:2` Tasks runs the child state machine from the template, with
// the child's own DefinitionSubstitutions; every Task is handled by the function's esbuild bundle,
// against dynalite. Every AWS call is then checked against the calling role: the functions' and
// the state machines' (invoking the op functions in nested stacks, starting and waiting for the
// children).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import type { LocalFunction } from '../infra/support/deployed-resources.js';
import { LocalDeployment } from '../infra/support/local-deployment.js';
import { synthStepster } from '../infra/support/stepster-synth.js';
import { BIG_JOB_OPS, bigJobOpName } from './fixtures/big-job-definitions.js';

const FIXTURE = 'test/integration/fixtures/big-job-definitions.ts';
const JOB = 'big_job';
const LAST = bigJobOpName(BIG_JOB_OPS - 1);
let deployment: LocalDeployment;
let store: EventLogStore;

/** The job's nodes in chain order. */
const chain = ['first', ...Array.from({ length: BIG_JOB_OPS - 1 }, (_, i) => bigJobOpName(i + 1))];

function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

async function recordEnd(runId: string, error: { name: string; cause: string } | undefined): Promise<void> {
  const event = deployment.statusChangeEvent(JOB, runId, error ? 'FAILED' : 'SUCCEEDED', {
    ...(error ? { error: error.name, cause: error.cause } : {}),
  });
  await deployment.invoke(deployment.functionNamed('-lifecycle'), event);
}

/** The function of an op node (its name is shortened with a hash past Lambda's 64 characters). */
function opFunction(node: string): LocalFunction {
  const found = [...deployment.functions.values()].find((fn) => fn.environment.STEPSTER_NODE === node);
  if (!found) throw new Error(`no function runs node ${node}`);
  return found;
}

function compiledJob() {
  const deployed = deployment.synth.stack.jobs.get(JOB);
  if (!deployed) throw new Error(`the stack has no job ${JOB}`);
  return deployed.compiled;
}

beforeAll(async () => {
  const synth = await synthStepster({ definitionsFile: FIXTURE, stage: 'test' });
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
}, 600_000);

afterEach(() => {
  delete process.env.BIG_JOB_FAIL_OP;
});

afterAll(async () => {
  await deployment?.close();
});

describe('a deployed job past one state machine', () => {
  it('is deployed as a parent and child state machines, its op functions in nested stacks', () => {
    // Act
    const compiled = compiledJob();
    const machines = [...deployment.stateMachines.values()];
    const opFunctions = [...deployment.functions.values()].filter((fn) => fn.stackPath !== '');

    // Assess
    expect(compiled.children.length).toBeGreaterThan(1);
    expect(machines.map((machine) => machine.name).sort()).toEqual(
      [`stepster-test-${JOB}`, ...compiled.children.map((_, i) => `stepster-test-${JOB}--part-${i + 1}`)].sort(),
    );
    expect(new Set(opFunctions.map((fn) => fn.stackPath)).size).toBe(Math.ceil(BIG_JOB_OPS / 100));
    expect(opFunctions.map((fn) => fn.environment.STEPSTER_NODE).sort()).toEqual([...chain].sort());
    // Only two op bundles: `first` and the aliases of `step`.
    expect(new Set(opFunctions.map((fn) => fn.bundleFile)).size).toBe(2);
  });

  it('runs every op once through the child executions, as one run', async () => {
    // Prepare
    const compiled = compiledJob();

    // Act
    const run = await deployment.runJob(JOB, {}, { runId: 'big-1' });

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.children).toHaveLength(compiled.children.length);
    expect(run.children.map((child) => child.status)).toEqual(compiled.children.map(() => 'SUCCEEDED'));
    // Each child gets the run's id, and the parent's execution for the console's link.
    const parentExecution = `${deployment.stateMachineOf(JOB).arn.replace(':stateMachine:', ':execution:')}:big-1`;
    expect(run.children.map((child) => child.input)).toEqual(
      compiled.children.map(() =>
        expect.objectContaining({ runId: 'big-1', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentExecution }),
      ),
    );
    // What the compiler counts for a run is what the parent and its children took.
    const transitions = run.children.reduce((sum, child) => sum + child.stateTransitions, run.stateTransitions);
    expect(transitions).toBe(compiled.stats.transitionsPerRun);
    const starts = deployment.stateMachineCalls.filter(
      (call) =>
        call.action === 'states:StartExecution' && run.children.some((c) => c.stateMachineArn === call.resource),
    );
    expect(starts).toHaveLength(compiled.children.length);
    const { records } = await store.getRecordsForRun('big-1', {
      ofType: [EventType.STEP_SUCCESS, EventType.RUN_SUCCESS, EventType.RUN_FAILURE],
    });
    const successes = records.filter((r) => r.eventType === EventType.STEP_SUCCESS).map((r) => r.stepKey);
    expect(successes).toEqual(chain);
    expect(records.filter((r) => r.eventType === EventType.RUN_SUCCESS)).toHaveLength(1);
    expect(records.filter((r) => r.eventType === EventType.RUN_FAILURE)).toHaveLength(0);
    const outputs = await store.readOutputs('big-1', [{ node: LAST, output: 'result' }]);
    expect(outputs.get(`${LAST}.result`)).toEqual({ found: true, value: BIG_JOB_OPS - 1 });
    expect((await store.getRun('big-1'))?.status).toBe('SUCCESS');
  }, 600_000);

  it('fails the run when an op in a child fails, naming it, and runs nothing behind it', async () => {
    // Prepare
    const failing = bigJobOpName(450);
    process.env.BIG_JOB_FAIL_OP = failing;

    // Act
    const run = await deployment.runJob(JOB, {}, { runId: 'big-2' });

    // Assess
    expect(run.status).toBe('FAILED');
    const { records } = await store.getRecordsForRun('big-2');
    const failed = records.filter((r) => r.eventType === EventType.STEP_FAILURE).map((r) => r.stepKey);
    expect(failed).toEqual([failing]);
    const started = records.filter((r) => r.eventType === EventType.STEP_START).map((r) => r.stepKey);
    expect(started).toEqual(chain.slice(0, 451));
    const runFailures = records.filter((r) => r.eventType === EventType.RUN_FAILURE);
    expect(runFailures).toHaveLength(1);
    expect(runFailures[0]?.message).toContain(failing);
    expect((await store.getRun('big-2'))?.status).toBe('FAILURE');
  }, 600_000);

  it('fails the parent’s Task and the run when a child execution fails (an op function that cannot be invoked)', async () => {
    // Prepare
    const broken = opFunction(bigJobOpName(500));
    const before = deployment.invocationsOf(broken);
    deployment.injectFault(broken, (n) =>
      n - before <= 2 ? namedError('Lambda.ResourceNotFoundException', `Function not found: ${broken.arn}`) : undefined,
    );

    // Act
    const run = await deployment.runJob(JOB, {}, { runId: 'big-3' });
    await recordEnd(run.runId, run.error);

    // Assess
    const failedChild = run.children.find((child) => child.status === 'FAILED');
    expect(failedChild?.error?.name).toBe('Lambda.ResourceNotFoundException');
    expect(run.status).toBe('FAILED');
    expect(run.error?.name).toBe('States.TaskFailed');
    expect(JSON.parse(run.error?.cause ?? '{}')).toMatchObject({
      ExecutionArn: failedChild?.executionArn,
      Status: 'FAILED',
      Error: 'Lambda.ResourceNotFoundException',
    });
    const { records } = await store.getRecordsForRun('big-3');
    expect(records.some((r) => r.stepKey === bigJobOpName(501))).toBe(false);
    expect(records.filter((r) => r.eventType === EventType.RUN_FAILURE)).toHaveLength(1);
    expect((await store.getRun('big-3'))?.status).toBe('FAILURE');
  }, 600_000);

  it('made only the AWS calls each role allows: the parent starts and waits for its children, invokes functions in nested stacks', () => {
    // Prepare
    const calls = [...deployment.dynamoProxy.calls, ...deployment.sfn.calls];
    const compiled = compiledJob();
    const parent = deployment.stateMachineOf(JOB);

    // Act
    const denied = calls.filter((call) => {
      const fn = deployment.functions.get(call.caller);
      return fn === undefined || !deployment.allowedActions(fn).has(call.action);
    });
    const deniedToMachines = deployment.deniedStateMachineCalls();

    // Assess
    expect(denied).toEqual([]);
    expect(deniedToMachines).toEqual([]);
    const parentStarts = deployment.stateMachineCalls.filter(
      (call) => call.caller === parent.logicalId && call.action === 'states:StartExecution',
    );
    expect(new Set(parentStarts.map((call) => call.resource)).size).toBe(compiled.children.length);
    const nestedCallers = new Set(calls.map((call) => deployment.functions.get(call.caller)?.stackPath));
    expect(nestedCallers.size).toBeGreaterThan(1);
  });
});
