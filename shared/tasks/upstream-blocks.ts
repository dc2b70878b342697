import type { NodeSpec } from '../definitions/graph-builder.js';
import { blocksDownstream, type StepState, StepStatus } from '../event-log/step-state.js';

/**
 * Whether `upstream`, in `state`, keeps `node` from running. A step that failed only by
 * blocking asset checks (`failedChecks`) blocks the nodes that watch one of the checked
 * outputs (`node.checkedOutputs`): a multi-asset's other outputs, and inputs declared
 * `ignoreBlockingChecks`, flow on. A node with no entry for `upstream` (an op, or a blocking
 * check's order-only edge) is blocked by any failure, as before.
 *
 * @example
 * upstreamBlocks(node, 'split', { status: 'FAILURE', attempt: 1, failedChecks: [{ output: 'a', assetKey: 'a', checkName: 'c' }] });
 */
export function upstreamBlocks(node: NodeSpec, upstream: string, state: StepState | undefined): boolean {
  const failedChecks = state?.status === StepStatus.FAILURE ? (state.failedChecks ?? []) : [];
  if (failedChecks.length === 0) return blocksDownstream(state?.status);
  const watched = node.checkedOutputs?.[upstream];
  if (watched === undefined) return true;
  return failedChecks.some((check) => watched.includes(check.output));
}
