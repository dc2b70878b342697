import type { JobDefinition } from '../definitions/job-definition.js';
import { countsAsFailed } from '../event-log/step-state.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { terminalEventKey } from '../event-log/event-key.js';
import { toEventEntry } from '../event-log/event-entry.js';
import { RunEvents } from '../events/run-events.js';
import { RunFailed } from './run-failed.js';
import { nodeOfStepKey } from '../definitions/mapped-step-key.js';
import type { RunEndInput, RunEndResult } from './task-payloads.js';

/**
 * Last state of every run: RUN_SUCCESS, or RUN_FAILURE naming the failed steps (then the
 * execution fails with `stepster.RunFailed`). Its event's key carries the redrive count, so
 * the end of a redriven run never overwrites the end of an earlier drive.
 */
export async function handleRunEnd(
  deps: { readonly job: JobDefinition; readonly steps: StepAttemptStore; readonly runs: RunStore },
  payload: RunEndInput,
): Promise<RunEndResult> {
  const { job, runs } = deps;
  const { runId } = payload;
  const steps = await deps.steps.getStepStates(runId);
  // A mapped node has no state of its own: its steps are `node[key]`, one per item.
  const stepKeys = job.nodes.flatMap((node) =>
    node.mappedInput === undefined
      ? [node.name]
      : Object.keys(steps).filter((key) => key !== node.name && nodeOfStepKey(key) === node.name),
  );
  const failed = stepKeys.filter((name) => countsAsFailed(steps[name]?.status));
  const draft = failed.length > 0 ? RunEvents.stepsFailed(job.name, failed) : RunEvents.success(job.name);
  await runs.finishRun(runId, failed.length > 0 ? 'FAILURE' : 'SUCCESS', [
    toEventEntry(terminalEventKey(payload.redriveCount ?? 0), runId, draft),
  ]);
  if (failed.length > 0) throw new RunFailed(draft.message, failed);
  return { runId, status: 'SUCCESS' };
}
