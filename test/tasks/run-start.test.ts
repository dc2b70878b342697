import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { job, op, RunConfigError } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { newRunId, openTaskHarness, RecordingTokens, recordsOf, type TaskHarness } from './support/task-harness.js';

const load = op({ name: 'load', config: z.object({ date: z.string() }) }, async () => 1);
const configured = job({ name: 'configured_job', tags: { team: 'data' } }, () => {
  load();
});

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('run start task', () => {
  it('validates the input, records the run as STARTED with job and run tags, and hands the run to the ops', async () => {
    // Prepare
    const tasks = createJobTasks({ job: configured, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();

    // Act
    const started = await tasks.runStart({
      input: { runConfig: { ops: { load: { config: { date: '2026-11-01' } } } }, tags: { requested_by: 'me' } },
      execution: { Name: runId, StartTime: '2026-12-01T00:00:00.000Z' },
    });

    // Assess
    expect(started).toEqual({
      runId,
      jobName: 'configured_job',
      runConfig: { ops: { load: { config: { date: '2026-11-01' } } } },
      tags: { team: 'data', requested_by: 'me' },
    });
    const run = await harness.store.getRun(runId);
    expect(run).toMatchObject({ status: 'STARTED', startTime: '2026-12-01T00:00:00.000Z', tags: started.tags });
    const records = await recordsOf(harness.store, runId);
    expect(records.map((r) => [r.eventType, r.message])).toEqual([
      ['RUN_START', 'Started execution of run for "configured_job".'],
    ]);
  });

  it('records a bad run config as RUN_FAILURE naming the field, and fails before any op runs', async () => {
    // Prepare
    const tasks = createJobTasks({ job: configured, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();

    // Act
    const act = tasks.runStart({
      input: { runConfig: { ops: { load: { config: { date: 7 } } } } },
      execution: { Name: runId },
    });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RunConfigError);
    await expect(act).rejects.toThrow(/runConfig\.ops\.load\.config\.date/);
    const run = await harness.store.getRun(runId);
    expect(run?.status).toBe('FAILURE');
    const [failure, ...rest] = await recordsOf(harness.store, runId);
    expect(rest).toEqual([]);
    expect(failure?.eventType).toBe('RUN_FAILURE');
    expect(failure?.data?.issues).toEqual([expect.objectContaining({ path: 'runConfig.ops.load.config.date' })]);
  });
});
