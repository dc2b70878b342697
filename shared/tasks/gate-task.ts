import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/index.js';
import { releaseReadyGates } from './gate-release.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** Payload of an op's gate state (`X.gate`, a `.waitForTaskToken` Lambda task). */
export interface GateTaskInput {
  readonly runId: string;
  readonly op: string;
  readonly token: string;
}

/** Stores the gate's task token, then releases it at once if its upstream steps are already done. */
export async function handleGateTask(
  deps: { job: JobDefinition; store: EventLogStore; tokens: TaskTokenSender },
  input: GateTaskInput,
): Promise<{ op: string; registered: true }> {
  const node = deps.job.node(input.op);
  await deps.store.registerGate(input.runId, input.op, input.token);
  await releaseReadyGates(deps, input.runId, [{ node: input.op, upstream: [...node.upstream] }]);
  return { op: input.op, registered: true };
}
