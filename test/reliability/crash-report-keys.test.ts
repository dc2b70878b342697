import { afterEach, describe, expect, it } from 'vitest';
import { job, op } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RecordingTokens } from '../tasks/support/task-harness.js';
import { type FaultyStore, openFaultyStore, rejection, writesStepState } from './support/faulty-dynamo.js';

let faulty: FaultyStore | undefined;
afterEach(async () => {
  await faulty?.close();
  faulty = undefined;
});

describe('a crash report after a partial commit (no writer reuses another writer’s key)', () => {
  it('keeps the attempt’s STEP_START and its logs when the last batch of its commit was lost', async () => {
    // Prepare: 40 log lines make a commit of two batches; the last one (with the step item) is lost.
    faulty = await openFaultyStore((call) => (writesStepState(call, 'chatty', 'SUCCESS') ? 'fail-before' : 'pass'));
    const chatty = op({ name: 'chatty' }, async (context) => {
      for (let i = 0; i < 40; i++) context.log.info(`line ${i}`);
      return 1;
    });
    const j = job({ name: 'partial_commit' }, () => {
      chatty();
    });
    const tasks = createJobTasks({ job: j, store: faulty.store, tokens: new RecordingTokens() });
    const input = { runId: 'run-partial', jobName: j.name, runConfig: {}, tags: {} };
    const error = await rejection(tasks.opTask('chatty', input));

    // Act
    await tasks.opTask('chatty', {
      ...input,
      c: { Error: error.name, Cause: JSON.stringify({ errorMessage: error.message }) },
    });

    // Assess
    const { records } = await faulty.clean.getRecordsForRun('run-partial');
    const types = records.map((r) => r.eventType);
    expect(types[0]).toBe('STEP_START');
    expect(types.filter((t) => t === 'STEP_FAILURE')).toHaveLength(1);
    expect(records.find((r) => r.eventType === 'STEP_FAILURE')?.message).toMatch(/TimeoutError/);
    expect((await faulty.clean.getStepStates('run-partial')).chatty?.status).toBe('FAILURE');
  });
});
