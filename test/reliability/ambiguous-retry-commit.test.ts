import { afterEach, describe, expect, it } from 'vitest';
import { executeInProcess, job, op, RetryPolicy } from 'stepster';
import { createJobTasks } from '../../shared/tasks/job-tasks.js';
import { explainCrash } from '../../shared/tasks/crash-report.js';
import { RetryScheduled } from '../../shared/tasks/retry-scheduled.js';
import { RecordingTokens } from '../tasks/support/task-harness.js';
import { type FaultyStore, openFaultyStore, rejection, writesStepState } from './support/faulty-dynamo.js';

let faulty: FaultyStore | undefined;
afterEach(async () => {
  await faulty?.close();
  faulty = undefined;
});

function flakyJob(name: string) {
  let calls = 0;
  const flaky = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 2 }) }, async () => {
    calls++;
    if (calls === 1) throw new Error('upstream API down');
    return calls;
  });
  return job({ name }, () => {
    flaky();
  });
}

describe('an ambiguous write on the retry commit (applied, response lost)', () => {
  it('still retries the step: the run succeeds on attempt 2 and no attempt is failed that never ran', async () => {
    // Prepare: the UP_FOR_RETRY commit reaches the table, then its response is lost, once.
    let lost = 0;
    faulty = await openFaultyStore((call) =>
      writesStepState(call, 'flaky', 'UP_FOR_RETRY') && lost++ === 0 ? 'fail-after' : 'pass',
    );
    const retrying = flakyJob('ambiguous_retry_commit');

    // Act
    const result = await executeInProcess(retrying, { instance: faulty.store, raiseOnError: false });

    // Assess
    expect(lost).toBe(1);
    expect(result.success).toBe(true);
    expect(result.eventsForNode('flaky').map((e) => e.eventType)).toEqual([
      'STEP_START',
      'STEP_UP_FOR_RETRY',
      'STEP_RESTARTED',
      'STEP_OUTPUT',
      'HANDLED_OUTPUT',
      'STEP_SUCCESS',
    ]);
    expect(result.outputFor('flaky')).toBe(2);
  });

  it('lets the retry go on when the commit error reaches the crash report before the retry’s time', async () => {
    // Prepare: the commit lands, its response is lost, and so is the check that would see it.
    let failing = true;
    let committed = false;
    faulty = await openFaultyStore((call) => {
      if (!failing) return 'pass';
      if (writesStepState(call, 'flaky', 'UP_FOR_RETRY')) {
        committed = true;
        return 'fail-after';
      }
      return committed && call.command === 'BatchGetItemCommand' ? 'fail-before' : 'pass';
    });
    const slowRetry = op({ name: 'flaky', retryPolicy: new RetryPolicy({ maxRetries: 1, delay: 30 }) }, async () => {
      throw new Error('upstream API down');
    });
    const j = job({ name: 'crash_before_retry_time' }, () => {
      slowRetry();
    });
    const tasks = createJobTasks({ job: j, store: faulty.store, tokens: new RecordingTokens() });
    const input = { runId: 'run-ambiguous', jobName: j.name, runConfig: {}, tags: {} };
    const commitError = await rejection(tasks.opTask('flaky', input));
    failing = false;

    // Act: Step Functions' Catch re-enters the op with the error.
    const report = await rejection(
      tasks.opTask('flaky', {
        ...input,
        c: { Error: commitError.name, Cause: JSON.stringify({ errorMessage: commitError.message }) },
      }),
    );

    // Assess
    expect(commitError.name).toBe('TimeoutError');
    expect(report).toBeInstanceOf(RetryScheduled);
    const states = await faulty.clean.getStepStates('run-ambiguous');
    expect(states.flaky).toMatchObject({ status: 'UP_FOR_RETRY', attempt: 1 });
    const { records } = await faulty.clean.getRecordsForRun('run-ambiguous');
    expect(records.some((r) => r.eventType === 'STEP_FAILURE')).toBe(false);
  });
});

describe('crash explanations come from the error type, never from the message text', () => {
  it('does not call an error whose message says "timed out" a Lambda timeout', () => {
    // Act
    const message = explainCrash(
      { Error: 'TimeoutError', Cause: JSON.stringify({ errorType: 'TimeoutError', errorMessage: 'socket timed out' }) },
      60,
    );

    // Assess
    expect(message).toBe('TimeoutError: socket timed out');
  });

  it('explains a Lambda timeout from its error type, whatever the message says', () => {
    // Act
    const message = explainCrash({ Error: 'Sandbox.Timedout', Cause: JSON.stringify({ errorMessage: 'bye' }) }, 60);

    // Assess
    expect(message).toMatch(/did not finish within its timeout \(60 s\)/);
  });
});
