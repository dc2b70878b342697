import type { JobDefinition } from '../definitions/job-definition.js';
import type { GateStore } from '../event-log/gate-store.js';
import { releaseReadyGates } from './gate-release.js';
import type { GateTaskInput, GateTaskResult } from './task-payloads.js';
import type { TaskTokenSender } from './task-token-sender.js';

/**
 * The gate of a join the state machine cannot order structurally: stores the state's task
 * token, then releases it at once if its upstream steps are already done (else the last of
 * them releases it when it finishes).
 */
export async function handleGateTask(
  deps: { readonly job: JobDefinition; readonly gates: GateStore; readonly tokens: TaskTokenSender },
  input: GateTaskInput,
): Promise<GateTaskResult> {
  const node = deps.job.node(input.op);
  await deps.gates.registerGate(input.runId, input.op, input.token);
  await releaseReadyGates(deps, input.runId, [{ node: input.op, upstream: [...node.upstream] }]);
  return { op: input.op, registered: true };
}
