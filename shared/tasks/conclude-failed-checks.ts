import type { FailedCheck } from '../event-log/step-state.js';
import { StepEvents } from '../events/step-events.js';
import { commitAttempt, type ConcludeDeps } from './conclude-attempt.js';
import type { ProducedOutput } from './journal-events.js';
import type { StepEventWriter } from './step-event-writer.js';
import type { OpTaskResult } from './task-payloads.js';

/**
 * Phase 5 of an attempt whose body succeeded but whose blocking asset checks failed: its
 * outputs are stored and its materializations recorded (as Dagster), then STEP_FAILURE naming
 * the checks, and a FAILURE state carrying `failedChecks` in the same commit, so a downstream
 * step reading it knows which outputs are blocked. Not retried: the check judged the data the
 * body produced, and running the body again is a new materialization, not a retry.
 */
export function concludeFailedChecks(
  deps: ConcludeDeps,
  runId: string,
  nodeName: string,
  writer: StepEventWriter,
  attempt: { readonly number: number; readonly startTime: string },
  outputs: readonly ProducedOutput[],
  failedChecks: readonly FailedCheck[],
): Promise<OpTaskResult> {
  const draft = StepEvents.blockingChecksFailed(nodeName, failedChecks);
  writer.add(draft);
  return commitAttempt(
    deps,
    runId,
    nodeName,
    writer,
    {
      status: 'FAILURE',
      attempt: attempt.number,
      startTime: attempt.startTime,
      endTime: new Date().toISOString(),
      outputs: outputs.map((output) => output.name),
      error: { name: draft.data.error.name, message: draft.data.error.message },
      failedChecks: [...failedChecks],
    },
    outputs,
  );
}
