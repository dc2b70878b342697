import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { job, op } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RetryScheduled } from '../../shared/tasks/retry-scheduled.js';
import type { RunTaskInput } from '../../shared/tasks/task-payloads.js';
import { RetryPolicy } from 'stepster';
import { newRunId, openTaskHarness, RecordingTokens, recordsOf, type TaskHarness } from './support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

let bodyRuns = 0;
const slow = op(
  { name: 'slow', lambda: { timeoutSeconds: 30 }, retryPolicy: new RetryPolicy({ maxRetries: 1 }) },
  async () => {
    bodyRuns++;
    throw new Error('transient');
  },
);
const crashing = job({ name: 'crash_report_job' }, () => {
  slow();
});

function runInput(runId: string, c?: unknown): RunTaskInput & { c?: unknown } {
  return { runId, jobName: crashing.name, runConfig: {}, tags: {}, ...(c ? { c } : {}) };
}

describe('crash report (an op Task re-entered by its Catch)', () => {
  it('records STEP_FAILURE that explains a Lambda timeout, without running the body', async () => {
    // Prepare
    const tasks = createJobTasks({ job: crashing, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    bodyRuns = 0;
    const crash = {
      Error: 'Sandbox.Timedout',
      Cause: JSON.stringify({ errorMessage: 'Task timed out after 30.00 seconds' }),
    };

    // Act
    const result = await tasks.opTask('slow', runInput(runId, crash));

    // Assess
    expect(result).toEqual({ op: 'slow', status: 'FAILURE', attempt: 1 });
    expect(bodyRuns).toBe(0);
    const [failure] = await recordsOf(harness.store, runId);
    expect(failure?.eventType).toBe('STEP_FAILURE');
    expect(failure?.message).toBe(
      `Execution of step "slow" failed: the op's Lambda did not finish within its timeout (30 s). Raise lambda.timeoutSeconds on the op or make it faster.`,
    );
  });

  it('records the crash of a retry under the attempt it scheduled', async () => {
    // Prepare: attempt 1 schedules a retry; attempt 2's delivery claims the step, then dies.
    const tasks = createJobTasks({ job: crashing, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await expect(tasks.opTask('slow', runInput(runId))).rejects.toBeInstanceOf(RetryScheduled);
    await harness.store.claimAttempt(
      runId,
      'slow',
      { attempt: 2, owner: 'attempt-2', expiresAt: Date.now() + 60_000 },
      Date.now(),
    );

    // Act
    const result = await tasks.opTask('slow', runInput(runId, { Error: 'Runtime.OutOfMemory' }));

    // Assess
    expect(result).toEqual({ op: 'slow', status: 'FAILURE', attempt: 2 });
    const failure = (await recordsOf(harness.store, runId)).find((r) => r.eventType === 'STEP_FAILURE');
    expect(failure).toMatchObject({
      attempt: 2,
      message: `Execution of step "slow" failed: the op's Lambda ran out of memory. Raise lambda.memorySize on the op.`,
    });
  });

  it('writes nothing when the attempt had already recorded its own end', async () => {
    // Prepare
    const done = op({ name: 'done' }, async () => 1);
    const finished = job({ name: 'crash_after_success' }, () => {
      done();
    });
    const tasks = createJobTasks({ job: finished, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await tasks.opTask('done', { runId, jobName: finished.name, runConfig: {}, tags: {} });
    const before = await recordsOf(harness.store, runId);

    // Act
    await tasks.opTask('done', {
      runId,
      jobName: finished.name,
      runConfig: {},
      tags: {},
      c: { Error: 'Lambda.Unknown' },
    } as RunTaskInput);

    // Assess
    expect(await recordsOf(harness.store, runId)).toEqual(before);
    expect((await harness.store.getStepStates(runId)).done?.status).toBe('SUCCESS');
  });
});
