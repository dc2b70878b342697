import { EventLogError } from './event-log-error.js';
import { itemLabel, parseJsonAttribute, readString, type TableItem } from './item-attributes.js';
import { isStepStatus, type StepState } from './step-state.js';
import { TableKeys } from './table-keys.js';

/** Encodes a step state; `status` and `attempt` are top-level so the console shows them. */
export function stepToItem(runId: string, node: string, state: StepState): TableItem {
  if (!Number.isInteger(state.attempt) || state.attempt < 0) {
    throw new EventLogError(`step state of op '${node}' has attempt ${state.attempt}: pass the 1-based attempt number`);
  }
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
