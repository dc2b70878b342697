import { maskSecretsDeep } from '../errors/secret-mask.js';
import { shortenJson } from '../errors/shorten-json.js';
import { EventLogError } from './event-log-error.js';
import { itemLabel, parseJsonAttribute, readString, type TableItem } from './item-attributes.js';
import { isStepStatus, type StepErrorInfo, type StepState } from './step-state.js';
import { TableKeys } from './table-keys.js';

/**
 * Most UTF-8 bytes of JSON a step state's error keeps. The step item is read by every attempt
 * downstream of it, so it holds a summary; the STEP_FAILURE event holds the error in full
 * (up to the item limit). Longer errors keep their head and a marker (see shortenText).
 */
const STEP_ERROR_BYTES = 16 * 1024;

/** Encodes a step state; `status` and `attempt` are top-level so the console shows them. */
export function stepToItem(runId: string, node: string, step: StepState): TableItem {
  if (!Number.isInteger(step.attempt) || step.attempt < 0) {
    throw new EventLogError(`step state of op '${node}' has attempt ${step.attempt}: pass the 1-based attempt number`);
  }
  // The error's summary is stored here too: fetched secret values become `***` before it is shortened.
  const state: StepState =
    step.error === undefined
      ? step
      : { ...step, error: shortenJson(maskSecretsDeep(step.error), STEP_ERROR_BYTES) as StepErrorInfo };
  return {
    pk: { S: TableKeys.runPartition(runId) },
    sk: { S: TableKeys.stepSort(node) },
    node: { S: node },
    status: { S: state.status },
    attempt: { N: String(state.attempt) },
    state: { S: JSON.stringify(state) },
  };
}

/** Decodes a step item written by {@link stepToItem}. */
export function itemToStep(item: TableItem): StepState {
  const parsed = parseJsonAttribute(item, 'state', readString(item, 'state'));
  if (typeof parsed !== 'object' || parsed === null || !isStepStatus((parsed as { status?: unknown }).status)) {
    throw new EventLogError(`step item ${itemLabel(item)} holds no valid step state`);
  }
  return parsed as StepState;
}

/** The node name of a step item. */
export function stepItemNode(item: TableItem): string {
  return readString(item, 'node');
}
