import type { AttemptClaim, ClaimOutcome } from './attempt-claim.js';
import type { StepAttemptCommit } from './step-attempt-commit.js';
import type { OutputLookup, StepContext, StepContextRequest } from './step-context.js';
import type { StepState } from './step-state.js';

/**
 * The step-attempt port of the event log: what an op attempt reads before it runs and
 * writes at its end, and the run's step states. Strongly consistent throughout, because an
 * attempt decides from these reads whether it runs, skips or is blocked.
 *
 * @example
 * async function runAttempt(steps: StepAttemptStore, runId: string): Promise<void> {
 *   const { own } = await steps.readStepContext(runId, 'load', { upstream: ['fetch'], inputs: [] });
 *   if (own === undefined) await steps.commitStepAttempt(runId, 'load', { events: [], step: { status: 'SUCCESS', attempt: 1 } });
 * }
 */
export interface StepAttemptStore {
  /** The attempt's own state, its upstream states and its input values, in one strongly consistent read. */
  readStepContext(runId: string, node: string, request: StepContextRequest): Promise<StepContext>;
  /** Several steps' output values in one read, keyed by `"<node>.<output>"`. */
  readOutputs(runId: string, refs: StepContextRequest['inputs']): Promise<Map<string, OutputLookup>>;
  /** Writes an attempt's outputs, events and (last) its step state; a re-delivered attempt overwrites itself. */
  commitStepAttempt(runId: string, node: string, commit: StepAttemptCommit): Promise<void>;
  /** Every step state of a run, keyed by node (strongly consistent). */
  getStepStates(runId: string): Promise<Record<string, StepState>>;
  /**
   * Claims `claim.attempt` of `node` for one delivery, unless another delivery holds a live claim
   * on it (or a later attempt): one conditional write. On refusal, reports the holder.
   */
  claimAttempt(runId: string, node: string, claim: AttemptClaim, nowMs: number): Promise<ClaimOutcome>;
}
