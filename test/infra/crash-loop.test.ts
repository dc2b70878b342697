// The crash path of an op on the synthesized ASL, with faults injected at the Lambda boundary
// (support/local-deployment.ts): a function that cannot run at all, or whose crash report itself
// times out, ends the step after two invocations and the execution fails, whose end the lifecycle
// records; it never spins Task→Catch→Task toward the 25,000-event history limit. A crash the
// report can record still schedules the op's retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLogStore } from '../../shared/event-log/event-log-store.js';
import { EventType } from '../../shared/events/event-type.js';
import type { LocalFunction } from './support/deployed-resources.js';
import { LocalDeployment } from './support/local-deployment.js';
import { synthStepster } from './support/stepster-synth.js';

const JOB = 'fragile_chain';
/** Faulted invocations after which a fault gives up, so the unbounded loop of old ends too (and fails the test). */
const FAULT_VALVE = 12;

let deployment: LocalDeployment;
let store: EventLogStore;

function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

function opFunction(op: string): LocalFunction {
  return deployment.functionNamed(`-${JOB}-${op}`);
}

async function recordEnd(runId: string, error: { name: string; cause: string } | undefined): Promise<void> {
  const event = deployment.statusChangeEvent(JOB, runId, error ? 'FAILED' : 'SUCCEEDED', {
    ...(error ? { error: error.name, cause: error.cause } : {}),
  });
  await deployment.invoke(deployment.functionNamed('-lifecycle'), event);
}

beforeAll(async () => {
  const synth = await synthStepster({
    definitionsFile: 'test/infra/fixtures/crash-loop-definitions.ts',
    stage: 'test',
  });
  deployment = await LocalDeployment.start(synth);
  store = new EventLogStore({ client: deployment.dynamo.client, tableName: deployment.tableName });
}, 300_000);

afterAll(async () => {
  await deployment?.close();
});

describe('an op whose function cannot run', () => {
  it('is invoked twice (the attempt and its crash report), then the execution fails and the lifecycle records the run failed', async () => {
    // Prepare
    const extract = opFunction('extract');
    const before = deployment.invocationsOf(extract);
    deployment.injectFault(extract, (n) =>
      n - before <= FAULT_VALVE
        ? namedError('Lambda.ResourceNotFoundException', `Function not found: ${extract.arn}`)
        : undefined,
    );

    // Act
    const execution = await deployment.runJob(JOB, { runConfig: {} }, { runId: 'deleted-function' });
    await recordEnd(execution.runId, execution.error);

    // Assess
    expect(deployment.invocationsOf(extract) - before).toBe(2);
    expect(execution.status).toBe('FAILED');
    expect(execution.error?.name).toBe('Lambda.ResourceNotFoundException');
    // stepster.start, extract, extract.crash.
    expect(execution.stateTransitions).toBe(3);
    const run = await store.getRun(execution.runId);
    expect(run?.status).toBe('FAILURE');
    const { records } = await store.getRecordsForRun(execution.runId);
    const failure = records.find((r) => r.eventType === EventType.RUN_FAILURE);
    expect(failure?.message).toContain('Function not found');
    expect(records.some((r) => r.stepKey === 'load')).toBe(false);
  });

  it('stops after two invocations when the crash report itself times out', async () => {
    // Prepare
    const extract = opFunction('extract');
    const before = deployment.invocationsOf(extract);
    deployment.injectFault(extract, (n) =>
      n - before <= FAULT_VALVE ? namedError('States.Timeout', 'Task timed out after 30.00 seconds') : undefined,
    );

    // Act
    const execution = await deployment.runJob(JOB, { runConfig: {} }, { runId: 'report-times-out' });
    await recordEnd(execution.runId, execution.error);

    // Assess
    expect(deployment.invocationsOf(extract) - before).toBe(2);
    expect(execution.status).toBe('FAILED');
    expect(execution.error?.name).toBe('States.Timeout');
    expect((await store.getRun(execution.runId))?.status).toBe('FAILURE');
  });
});

describe('an op that crashes once', () => {
  it('has its crash recorded by the crash report, and the run goes on to its end', async () => {
    // Prepare
    const extract = opFunction('extract');
    const before = deployment.invocationsOf(extract);
    deployment.injectFault(extract, (n) =>
      n - before === 1 ? namedError('States.Timeout', 'Task timed out after 30.00 seconds') : undefined,
    );

    // Act
    const execution = await deployment.runJob(JOB, { runConfig: {} }, { runId: 'crash-once' });

    // Assess
    // The attempt, then its crash report: a crash is the step's failure (retry policies cover errors the op raises).
    expect(deployment.invocationsOf(extract) - before).toBe(2);
    expect(execution.status).toBe('FAILED');
    expect(execution.error?.name).toBe('stepster.RunFailed');
    const { records } = await store.getRecordsForRun(execution.runId);
    const failure = records.find((r) => r.eventType === EventType.STEP_FAILURE && r.stepKey === 'extract');
    expect(failure?.message).toContain('did not finish within its timeout');
    expect(records.map((r) => r.eventType)).toContain(EventType.RUN_FAILURE);
    expect(records.some((r) => r.eventType === EventType.STEP_SUCCESS)).toBe(false);
  });
});
