import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Failure, In, job, Out, op, RetryPolicy } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RetryScheduled } from '../../shared/tasks/retry-scheduled.js';
import {
  newRunId,
  openTaskHarness,
  RecordingTokens,
  recordsOf,
  type TaskHarness,
  typesOf,
  runInput,
} from './support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('op task', () => {
  it('runs one attempt in one read, one claim and one write, in Dagster order, and stores the output for the next op', async () => {
    // Prepare
    const a = op({ name: 'a' }, async () => 41);
    const b = op({ name: 'b', ins: { x: In() } }, async (_context, { x }) => (x as number) + 1);
    const chain = job({ name: 'op_task_chain' }, () => {
      b(a());
    });
    const tasks = createJobTasks({ job: chain, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await tasks.opTask('a', runInput(runId, chain.name));
    harness.store.resetRequestCount();

    // Act
    const result = await tasks.opTask('b', runInput(runId, chain.name));

    // Assess
    expect(result).toEqual({ op: 'b', status: 'SUCCESS', attempt: 1 });
    expect(harness.store.requestCount).toBe(3);
    const records = (await recordsOf(harness.store, runId)).filter((r) => r.stepKey === 'b');
    expect(records.map((r) => r.eventType)).toEqual([
      'STEP_START',
      'LOADED_INPUT',
      'STEP_INPUT',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    expect(records[1]?.message).toBe(
      'Loaded input "x" using input manager "io_manager", from output "result" of step "a"',
    );
    const outputs = await harness.store.readOutputs(runId, [{ node: 'b', output: 'result' }]);
    expect(outputs.get('b.result')).toEqual({ found: true, value: 42 });
  });

  it('replays a re-delivered finished attempt without running the body again', async () => {
    // Prepare
    let calls = 0;
    const once = op({ name: 'once' }, async () => ++calls);
    const single = job({ name: 'op_task_replay' }, () => {
      once();
    });
    const tasks = createJobTasks({ job: single, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await tasks.opTask('once', runInput(runId, single.name));

    // Act
    const replay = await tasks.opTask('once', runInput(runId, single.name));

    // Assess
    expect(replay).toEqual({ op: 'once', status: 'SUCCESS', attempt: 1, replayed: true });
    expect(calls).toBe(1);
    expect(await typesOf(harness.store, runId)).toEqual([
      'STEP_START',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
  });

  it('does not run a step behind a failed one: one ERROR engine event names it, and no step event', async () => {
    // Prepare
    const boom = op({ name: 'boom' }, async () => {
      throw new Failure({ description: 'no files', metadata: { dir: '/in' } });
    });
    const after = op({ name: 'after', ins: { x: In() } }, async () => 1);
    const failing = job({ name: 'op_task_blocked' }, () => {
      after(boom());
    });
    const tasks = createJobTasks({ job: failing, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await tasks.opTask('boom', runInput(runId, failing.name));

    // Act
    const result = await tasks.opTask('after', runInput(runId, failing.name));

    // Assess
    expect(result.status).toBe('BLOCKED');
    const records = await recordsOf(harness.store, runId);
    const failure = records.find((r) => r.eventType === 'STEP_FAILURE');
    expect(failure?.message).toBe('Execution of step "boom" failed: Failure: no files');
    expect(failure?.data?.userFailure).toEqual({
      description: 'no files',
      metadata: { dir: { type: 'text', value: '/in' } },
    });
    expect(records.filter((r) => r.stepKey === 'after')).toEqual([]);
    const engine = records.find((r) => r.eventType === 'ENGINE_EVENT');
    expect(engine).toMatchObject({
      level: 'ERROR',
      message: "Dependencies for step after failed: ['boom']. Not executing.",
    });
  });

  it('skips a step whose optional input was not produced', async () => {
    // Prepare
    const maybe = op({ name: 'maybe', out: { rows: Out({ isRequired: false }) } }, async function* () {});
    const reader = op({ name: 'reader', ins: { rows: In() } }, async () => 1);
    const optional = job({ name: 'op_task_skip' }, () => {
      reader(maybe());
    });
    const tasks = createJobTasks({ job: optional, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await tasks.opTask('maybe', runInput(runId, optional.name));

    // Act
    const result = await tasks.opTask('reader', runInput(runId, optional.name));

    // Assess
    expect(result).toEqual({ op: 'reader', status: 'SKIPPED', attempt: 1 });
    const skipped = (await recordsOf(harness.store, runId)).find((r) => r.eventType === 'STEP_SKIPPED');
    expect(skipped?.message).toBe("Skipping step reader due to skipped dependencies: ['maybe'].");
  });

  it('hands a retry to the state machine, then runs the next attempt as a restart', async () => {
    // Prepare
    let calls = 0;
    const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 1, delay: 2 }) }, async () => {
      calls++;
      if (calls === 1) throw new Error('first call fails');
      return 'ok';
    });
    const retrying = job({ name: 'op_task_retry' }, () => {
      flaky();
    });
    const tasks = createJobTasks({ job: retrying, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    const before = Date.now();

    // Act
    const first = await tasks.opTask('flaky', runInput(runId, retrying.name)).catch((error: unknown) => error);
    const second = await tasks.opTask('flaky', runInput(runId, retrying.name));

    // Assess
    expect(first).toBeInstanceOf(RetryScheduled);
    const retryAt = Date.parse((first as RetryScheduled).retryAt);
    expect(retryAt).toBeGreaterThanOrEqual(before + 2000);
    expect(second).toEqual({ op: 'flaky', status: 'SUCCESS', attempt: 2 });
    expect(await typesOf(harness.store, runId)).toEqual([
      'STEP_START',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
  });

  it('ends in STEP_FAILURE naming the retries and keeping the original error as cause when they run out', async () => {
    // Prepare
    const always = op({ name: 'always', retryPolicy: new RetryPolicy({ maxRetries: 1 }) }, async () => {
      throw new Error('disk full');
    });
    const exhausted = job({ name: 'op_task_exhausted' }, () => {
      always();
    });
    const tasks = createJobTasks({ job: exhausted, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    await expect(tasks.opTask('always', runInput(runId, exhausted.name))).rejects.toBeInstanceOf(RetryScheduled);

    // Act
    const result = await tasks.opTask('always', runInput(runId, exhausted.name));

    // Assess
    expect(result).toEqual({ op: 'always', status: 'FAILURE', attempt: 2 });
    const failure = (await recordsOf(harness.store, runId)).find((r) => r.eventType === 'STEP_FAILURE');
    expect(failure?.message).toBe('Execution of step "always" failed: Exceeded max_retries of 1.');
    expect(failure?.data?.error).toMatchObject({ name: 'RetriesExhausted', cause: { message: 'disk full' } });
  });
});
