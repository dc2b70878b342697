import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileJob, job, op } from 'stepster';
import { RUN_END_STATE } from '../../shared/compiler/emit-states.js';
import { eventKey, RunEventScope } from '../../shared/event-log/event-key.js';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RunFailed } from '../../shared/tasks/run-failed.js';
import type { RunTaskInput } from '../../shared/tasks/task-payloads.js';
import { newRunId, openTaskHarness, RecordingTokens, recordsOf, type TaskHarness } from './support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

let failNext = true;
const fragile = op({ name: 'fragile' }, async () => {
  if (failNext) throw new Error('upstream API down');
  return 'ok';
});
const never = op({ name: 'never_ran' }, async () => 1);
const redrivable = job({ name: 'run_end_job' }, () => {
  fragile();
  never();
});

async function startRun(runId: string): Promise<RunTaskInput> {
  const tasks = createJobTasks({ job: redrivable, store: harness.store, tokens: new RecordingTokens() });
  return tasks.runStart({ input: {}, execution: { Name: runId } });
}

describe('run end task', () => {
  it('fails the run naming every failed step and every step that never finished', async () => {
    // Prepare
    failNext = true;
    const tasks = createJobTasks({ job: redrivable, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    const input = await startRun(runId);
    await tasks.opTask('fragile', input);

    // Act
    const act = tasks.runEnd({ runId, redriveCount: 0 });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RunFailed);
    await expect(act).rejects.toThrow(
      `Execution of run for "run_end_job" failed. Steps failed: ['fragile', 'never_ran'].`,
    );
    expect((await harness.store.getRun(runId))?.status).toBe('FAILURE');
  });

  it('keeps the end event of the first drive when a redriven run ends again', async () => {
    // Prepare: the first drive fails at its end.
    failNext = true;
    const tasks = createJobTasks({ job: redrivable, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    const input = await startRun(runId);
    await tasks.opTask('fragile', input);
    await tasks.opTask('never_ran', input);
    await expect(tasks.runEnd({ runId, redriveCount: 0 })).rejects.toBeInstanceOf(RunFailed);
    // A redrive (Step Functions RedriveExecution) re-opens the run and re-runs the failed step.
    failNext = false;
    await harness.store.resumeRun(runId, []);
    await harness.store.commitStepAttempt(runId, 'fragile', {
      events: [],
      step: { status: 'UP_FOR_RETRY', attempt: 1, nextAttempt: 2 },
    });
    await tasks.opTask('fragile', input);

    // Act
    const second = await tasks.runEnd({ runId, redriveCount: 1 });

    // Assess
    expect(second).toEqual({ runId, status: 'SUCCESS' });
    const ends = (await recordsOf(harness.store, runId)).filter(
      (r) => r.eventType === 'RUN_FAILURE' || r.eventType === 'RUN_SUCCESS',
    );
    expect(ends.map((r) => r.eventType)).toEqual(['RUN_FAILURE', 'RUN_SUCCESS']);
    expect((await harness.store.getRun(runId))?.status).toBe('SUCCESS');
  });

  it('gets the redrive count from the execution context in the compiled state machine', () => {
    // Act
    const state = compileJob(redrivable).definition.States[RUN_END_STATE] as { Parameters?: Record<string, unknown> };

    // Assess
    expect(state.Parameters).toEqual({ 'runId.$': '$.runId', 'redriveCount.$': '$$.Execution.RedriveCount' });
    expect(eventKey(RunEventScope.END, 1, 0)).toBe('E#~end#001#00000');
  });
});
