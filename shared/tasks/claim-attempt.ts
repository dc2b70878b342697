import { randomUUID } from 'node:crypto';
import { isStepFinal, type StepState, StepStatus } from '../event-log/step-state.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';

/** How long after the function's own timeout a claim still holds: Lambda cannot outlive its timeout. */
export const CLAIM_MARGIN_MS = 30_000;
/** First and longest pause between a waiting delivery's reads of the winner's step state. */
const POLL_FIRST_MS = 100;
const POLL_MAX_MS = 2_000;

/** The outcome of claiming an attempt: ours to run, or settled by the delivery that held it. */
export type ClaimResult = { readonly won: true } | { readonly won: false; readonly settled: StepState };

/** Whether the step state shows attempt `attempt` finished: a final state, or its retry scheduled. */
function settles(own: StepState | undefined, attempt: number): own is StepState {
  if (own === undefined) return false;
  return isStepFinal(own.status) || (own.status === StepStatus.UP_FOR_RETRY && own.attempt >= attempt);
}

/**
 * Makes this delivery the only one to run `attempt` of `node`, or waits for the one that is.
 * A concurrent duplicate invocation (a Step Functions retry of an invoke that had in fact
 * reached Lambda, say) finds a live claim, waits for the holder's step state, and returns it:
 * the body runs once and only the winner's events are ever written. A claim whose lease ran
 * out belongs to a delivery that is gone, so the waiter takes the attempt over.
 *
 * @param leaseMs how long the function may run (its timeout) plus {@link CLAIM_MARGIN_MS}
 */
export async function claimOrAwait(
  steps: StepAttemptStore,
  runId: string,
  node: string,
  attempt: number,
  options: { readonly leaseMs: number; readonly owner?: string; readonly sleep?: (ms: number) => Promise<void> },
): Promise<ClaimResult> {
  const owner = options.owner ?? randomUUID();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const now = Date.now();
    const outcome = await steps.claimAttempt(runId, node, { attempt, owner, expiresAt: now + options.leaseMs }, now);
    if (outcome.claimed) return { won: true };
    const deadline = outcome.holder?.expiresAt ?? now;
    let pause = POLL_FIRST_MS;
    while (Date.now() <= deadline) {
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now() + 1)));
      pause = Math.min(pause * 2, POLL_MAX_MS);
      const { own } = await steps.readStepContext(runId, node, { upstream: [], inputs: [] });
      if (settles(own, attempt)) return { won: false, settled: own };
    }
  }
}
