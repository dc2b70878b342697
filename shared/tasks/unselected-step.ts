import { SystemTag } from '../definitions/run-tags.js';
import { type StepState, StepStatus } from '../event-log/step-state.js';
import { commitAttempt, type ConcludeDeps } from './conclude-attempt.js';
import { reusableState, reuseSource } from './run-lineage.js';
import { StepEventWriter } from './step-event-writer.js';
import type { OpTaskResult } from './task-payloads.js';

/**
 * The op task of a step the run's selection leaves out: it runs no body and writes no event
 * (Dagster shows an unselected step nowhere in the run; a STEP_SKIPPED would read like a
 * missing output), only its step state, so gates and the run end see it done. In a
 * re-execution the state points at the run that produced the step's outputs, read from the
 * parent's state for this step (one read): its downstream steps read those output items by
 * reference, never a copy. Committing again on a re-delivery writes the same state.
 */
export async function skipUnselectedStep(
  deps: ConcludeDeps,
  runId: string,
  nodeName: string,
  tags: Readonly<Record<string, string>>,
): Promise<OpTaskResult> {
  const parentRunId = tags[SystemTag.PARENT_RUN_ID];
  let step: StepState = { status: StepStatus.NOT_SELECTED, attempt: 0, endTime: new Date().toISOString() };
  if (parentRunId !== undefined) {
    const { own } = await deps.steps.readStepContext(parentRunId, nodeName, { upstream: [], inputs: [] });
    if (own !== undefined && reusableState(own)) {
      step = {
        ...step,
        reusedFrom: reuseSource(parentRunId, own),
        outputs: own.outputs ?? [],
        ...(own.assetVersions ? { assetVersions: own.assetVersions } : {}),
      };
    }
  }
  return commitAttempt(deps, runId, nodeName, new StepEventWriter(runId, nodeName, 0, nodeName), step);
}
