import type { GateChild, GateStatus } from './gate-status.js';

/**
 * The gate port of the event log: joins the state machine cannot order structurally park
 * their task token here, and whoever finishes an upstream step reads whether to release them.
 *
 * @example
 * async function release(gates: GateStore, runId: string): Promise<string | undefined> {
 *   const status = await gates.readGates(runId, [{ node: 'd', upstream: ['a', 'b'] }]);
 *   return status.d?.upstreamDone ? status.d.token : undefined;
 * }
 */
export interface GateStore {
  /** Records (or replaces) the task token of the join waiting for `node`'s upstream steps. */
  registerGate(runId: string, node: string, token: string): Promise<void>;
  /** For each child: its token (if registered) and whether all its upstream steps are done. Strongly consistent. */
  readGates(runId: string, children: readonly GateChild[]): Promise<Record<string, GateStatus>>;
}
