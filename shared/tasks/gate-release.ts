import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/index.js';
import type { TaskTokenSender } from './task-token-sender.js';

/**
 * After a step reaches a final state, releases the gates of children the state machine
 * could not order structurally, once all their upstream steps are done. The gate state
 * does the same check when it registers, so whichever comes last releases it.
 */
export async function notifyGatedChildren(
  deps: { job: JobDefinition; store: EventLogStore; tokens: TaskTokenSender; gatedNodes: ReadonlySet<string> },
  runId: string,
  nodeName: string,
): Promise<void> {
  const children = deps.job.downstreamOf(nodeName).filter((c) => deps.gatedNodes.has(c.name));
  if (children.length === 0) return;
  await releaseReadyGates(
    deps,
    runId,
    children.map((c) => ({ node: c.name, upstream: [...c.upstream] })),
  );
}

/** Sends SendTaskSuccess for every listed gate that has a token and whose upstream steps are all done. */
export async function releaseReadyGates(
  deps: { store: EventLogStore; tokens: TaskTokenSender },
  runId: string,
  children: { node: string; upstream: string[] }[],
): Promise<void> {
  const gates = await deps.store.readGates(runId, children);
  await Promise.all(
    children.map(async (c) => {
      const gate = gates[c.node];
      if (gate?.token && gate.upstreamDone) await deps.tokens.sendTaskSuccess(gate.token);
    }),
  );
}
