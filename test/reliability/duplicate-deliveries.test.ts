import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { job, op } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { RetryScheduled } from '../../shared/tasks/retry-scheduled.js';
import {
  newRunId,
  openTaskHarness,
  RecordingTokens,
  recordsOf,
  type TaskHarness,
  runInput,
} from '../tasks/support/task-harness.js';
import { RetryPolicy } from 'stepster';

let harness: TaskHarness;
beforeAll(async () => {
  harness = await openTaskHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('concurrent duplicate deliveries of one op attempt (DESIGN section 12)', () => {
  it('run the body once; the loser waits for the winner and returns its result; only the winner’s events exist', async () => {
    // Prepare: each delivery logs a different number of lines, and the body is slow enough to overlap.
    let calls = 0;
    const slow = op({ name: 'slow' }, async (context) => {
      calls++;
      const lines = calls === 1 ? 1 : 3;
      for (let i = 0; i < lines; i++) context.log.info(`delivery ${calls} line ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return calls;
    });
    const single = job({ name: 'duplicate_deliveries' }, () => {
      slow();
    });
    const tasks = createJobTasks({ job: single, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();

    // Act
    const [first, second] = await Promise.all([
      tasks.opTask('slow', runInput(runId, single.name), { requestId: 'delivery-a' }),
      tasks.opTask('slow', runInput(runId, single.name), { requestId: 'delivery-b' }),
    ]);

    // Assess
    expect(calls).toBe(1);
    expect([first.status, second.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect([first.replayed, second.replayed].filter(Boolean)).toHaveLength(1);
    const records = await recordsOf(harness.store, runId);
    expect(records.filter((r) => r.eventType === 'STEP_SUCCESS')).toHaveLength(1);
    expect(records.filter((r) => r.eventType === 'LOG_MESSAGE').map((r) => r.message)).toEqual(['delivery 1 line 0']);
    const outputs = await harness.store.readOutputs(runId, [{ node: 'slow', output: 'result' }]);
    expect(outputs.get('slow.result')?.value).toBe(1);
  });

  it('hands the loser the winner’s retry when the winner scheduled one', async () => {
    // Prepare
    let calls = 0;
    const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 2, delay: 5 }) }, async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error('upstream API down');
    });
    const retrying = job({ name: 'duplicate_retry' }, () => {
      flaky();
    });
    const tasks = createJobTasks({ job: retrying, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();

    // Act
    const outcomes = await Promise.allSettled([
      tasks.opTask('flaky', runInput(runId, retrying.name)),
      tasks.opTask('flaky', runInput(runId, retrying.name)),
    ]);

    // Assess
    expect(calls).toBe(1);
    const retries = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as RetryScheduled) : undefined));
    expect(retries.every((r) => r instanceof RetryScheduled)).toBe(true);
    expect(retries[0]?.retryAt).toBe(retries[1]?.retryAt);
  });

  it('takes over an attempt whose claim outlived its lease (the holder is gone)', async () => {
    // Prepare: a delivery claimed attempt 1 and died; its lease has run out.
    let calls = 0;
    const once = op({ name: 'once' }, async () => ++calls);
    const single = job({ name: 'expired_claim' }, () => {
      once();
    });
    const tasks = createJobTasks({ job: single, store: harness.store, tokens: new RecordingTokens() });
    const runId = newRunId();
    const past = Date.now() - 1000;
    await harness.store.claimAttempt(runId, 'once', { attempt: 1, owner: 'dead', expiresAt: past }, past - 1);

    // Act
    const result = await tasks.opTask('once', runInput(runId, single.name));

    // Assess
    expect(result).toEqual({ op: 'once', status: 'SUCCESS', attempt: 1 });
    expect(calls).toBe(1);
  });
});
