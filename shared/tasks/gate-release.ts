import type { JobDefinition } from '../definitions/job-definition.js';
import type { GateChild } from '../event-log/gate-status.js';
import type { GateStore } from '../event-log/gate-store.js';
import type { TaskTokenSender } from './task-token-sender.js';

/** What releasing gates needs: the gate port, the token sender, and which nodes the state machine gates. */
export interface GateReleaseDeps {
  readonly job: JobDefinition;
  readonly gates: GateStore;
  readonly tokens: TaskTokenSender;
  /** Nodes the compiled state machine gates (from compile stats). */
  readonly gatedNodes: ReadonlySet<string>;
}

/**
 * After a step reaches a final state, releases the gates of children the state machine
 * could not order structurally, once all their upstream steps are done. The gate state
 * does the same check when it registers, so whichever comes last releases it.
 */
export async function releaseGatedChildren(deps: GateReleaseDeps, runId: string, nodeName: string): Promise<void> {
  const children = deps.job.downstreamOf(nodeName).filter((child) => deps.gatedNodes.has(child.name));
  if (children.length === 0) return;
  await releaseReadyGates(
    deps,
    runId,
    children.map((child) => ({ node: child.name, upstream: [...child.upstream] })),
  );
}

/** Sends SendTaskSuccess for every listed gate that has a token and whose upstream steps are all done. */
export async function releaseReadyGates(
  deps: { readonly gates: GateStore; readonly tokens: TaskTokenSender },
  runId: string,
  children: readonly GateChild[],
): Promise<void> {
  const gates = await deps.gates.readGates(runId, children);
  await Promise.all(
    children.map(async (child) => {
      const gate = gates[child.node];
      if (gate?.token && gate.upstreamDone) await deps.tokens.sendTaskSuccess(gate.token);
    }),
  );
}
