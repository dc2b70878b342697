import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileJob, In, job, op } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import type { RunTaskInput } from '../../shared/tasks/task-payloads.js';
import { newRunId, openTaskHarness, RecordingTokens, type TaskHarness } from './support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

// The "N": C reads A; D reads A and B; E reads B. D's join cannot be ordered structurally, so D is gated.
const a = op({ name: 'a' }, async () => 1);
const b = op({ name: 'b' }, async () => 2);
const c = op({ name: 'c', ins: { x: In() } }, async () => 3);
const d = op({ name: 'd', ins: { x: In(), y: In() } }, async () => 4);
const e = op({ name: 'e', ins: { y: In() } }, async () => 5);
const nJob = job({ name: 'gate_task_n' }, () => {
  const x = a();
  const y = b();
  c(x);
  d(x, y);
  e(y);
});

function runInput(runId: string): RunTaskInput {
  return { runId, jobName: nJob.name, runConfig: {}, tags: {} };
}

describe('gate task', () => {
  it('is compiled for the join the structure cannot order', () => {
    expect(compileJob(nJob).stats.gatedOps).toEqual(['d']);
  });

  it('waits while an upstream step is running, and the last upstream to finish releases it', async () => {
    // Prepare
    const tokens = new RecordingTokens();
    const tasks = createJobTasks({ job: nJob, store: harness.store, tokens });
    const runId = newRunId();
    await tasks.opTask('a', runInput(runId));

    // Act
    await tasks.gate({ runId, op: 'd', token: 'token-d' });
    const beforeB = [...tokens.sent];
    await tasks.opTask('b', runInput(runId));

    // Assess
    expect(beforeB).toEqual([]);
    expect(tokens.sent).toEqual(['token-d']);
  });

  it('releases itself at once when its upstream steps are already done', async () => {
    // Prepare
    const tokens = new RecordingTokens();
    const tasks = createJobTasks({ job: nJob, store: harness.store, tokens });
    const runId = newRunId();
    await tasks.opTask('a', runInput(runId));
    await tasks.opTask('b', runInput(runId));

    // Act
    const registered = await tasks.gate({ runId, op: 'd', token: 'token-late' });

    // Assess
    expect(registered).toEqual({ op: 'd', registered: true });
    expect(tokens.sent).toEqual(['token-late']);
  });
});
