import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Definitions, job, op, RunConfigError, schedule } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { newRunId, openTaskHarness, RecordingTokens, type TaskHarness } from '../tasks/support/task-harness.js';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

const hello = op({ name: 'hello' }, async () => 'hi');
const nightly = job({ name: 'nightly_job' }, () => {
  hello();
});
const daily = schedule({ name: 'nightly', job: nightly, cronSchedule: '0 2 * * *' });
const definitions = new Definitions({ jobs: [nightly], schedules: [daily] });

function start(executionName: string, input: unknown) {
  const tasks = createJobTasks({ job: nightly, definitions, store: harness.store, tokens: new RecordingTokens() });
  return tasks.runStart({ input, execution: { Name: executionName } });
}

describe('system tags come only from stepster’s own launchers', () => {
  it('accepts stepster/schedule_name on the run the schedule launcher names after a real tick', async () => {
    // Act
    const run = await start('nightly-2026-12-05T020000Z', {
      stepster: { tags: { 'stepster/schedule_name': 'nightly' } },
    });

    // Assess
    expect(run.tags['stepster/schedule_name']).toBe('nightly');
  });

  it('refuses a schedule tag on an execution no tick of that schedule started', async () => {
    // Act
    const act = start(newRunId(), { stepster: { tags: { 'stepster/schedule_name': 'nightly' } } });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RunConfigError);
    await expect(act).rejects.toThrow(/stepster\.tags\.stepster\/schedule_name/);
  });

  it('refuses a name shaped like a tick that is not one (02:30 for a 02:00 schedule)', async () => {
    await expect(
      start('nightly-2026-12-05T023000Z', { stepster: { tags: { 'stepster/schedule_name': 'nightly' } } }),
    ).rejects.toBeInstanceOf(RunConfigError);
  });

  it('refuses a forged parent run id and unknown system tags, and records nothing as truth', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const act = start(runId, {
      stepster: { tags: { 'stepster/parent_run_id': 'someone-elses-run', 'stepster/anything': 'x' } },
    });

    // Assess
    await expect(act).rejects.toThrow(/stepster\.tags\.stepster\/parent_run_id/);
    await expect(act).rejects.toThrow(/stepster\.tags\.stepster\/anything/);
    const run = await harness.store.getRun(runId);
    expect(run?.status).toBe('FAILURE');
    expect(run?.parentRunId).toBeUndefined();
    expect(run?.tags['stepster/parent_run_id']).toBeUndefined();
  });
});
