import type { JobDefinition } from '../definitions/job-definition.js';
import { mappedStepKey } from '../definitions/mapped-step-key.js';
import { isStepSelected, selectedStepsOf } from '../definitions/op-selection.js';
import type { RunRecord } from '../event-log/run-record.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { type StepState, StepStatus } from '../event-log/step-state.js';
import { fanOutSourceOf, readMappingKeys } from '../tasks/mapping-keys.js';

/**
 * Past this many characters of item step keys (`"process[a]",` each), a re-execution selects the
 * mapped op whole instead of its items. The selection travels in the `stepster/op_selection`
 * tag, which every state's input and every Map item carries (256 KB each); re-running items
 * that succeeded is wasteful but right, a state input over the limit fails the run.
 */
export const ITEM_SELECTION_BUDGET = 32 * 1024;

/**
 * In job order: the steps the parent run ran (or should have) without producing their outputs,
 * which a re-execution from failure runs again. A mapped op whose emitter is reused keeps the
 * parent's key list, so it is re-run item by item (`process[b]`), its items that succeeded
 * reused; an emitter that runs again may emit other keys, so its mapped op then runs whole.
 * A step the parent did not select and did not reuse stays out, so re-executing a subset run
 * stays a subset.
 *
 * @example
 * await stepsToRetry(fan, store, parent, await store.getStepStates(parent.runId)); // ['process[b]', 'merge']
 */
export async function stepsToRetry(
  job: JobDefinition,
  store: Pick<StepAttemptStore, 'readStepContext' | 'readOutputs'>,
  parent: RunRecord,
  states: Readonly<Record<string, StepState>>,
): Promise<string[]> {
  const parentSelection = selectedStepsOf(parent.tags);
  const retried: string[] = [];
  for (const node of job.nodes) {
    if (node.mappedInput === undefined || retried.includes(fanOutSourceOf(node).node)) {
      if (needsRun(node.name, states[node.name], parentSelection, states)) retried.push(node.name);
      continue;
    }
    const { keys } = await readMappingKeys(store, parent.runId, fanOutSourceOf(node));
    // A reused emitter with no key list was left out of the parent's selection with nothing to
    // reuse: its mapped op stays out with it, like every step the parent did not select.
    if (keys === undefined) continue;
    const items = keys
      .map((key) => mappedStepKey(node.name, key))
      .filter((step) => needsRun(step, states[step], parentSelection, states));
    const whole = items.length === keys.length || JSON.stringify(items).length > ITEM_SELECTION_BUDGET;
    if (items.length > 0) retried.push(...(whole ? [node.name] : items));
  }
  return retried;
}

/**
 * Whether `step` (a node, or one item of a mapped node) did not produce its outputs although
 * the parent ran or should have run it. A mapped node has no state of its own: it counts as run
 * when the parent selected it or when one of its items has a state.
 */
function needsRun(
  step: string,
  state: StepState | undefined,
  parentSelection: ReadonlySet<string> | undefined,
  states: Readonly<Record<string, StepState>>,
): boolean {
  if (state?.status === StepStatus.SUCCESS || state?.status === StepStatus.NOT_SELECTED) return false;
  if (state !== undefined || isStepSelected(parentSelection, step)) return true;
  return Object.keys(states).some((key) => key.startsWith(`${step}[`));
}
