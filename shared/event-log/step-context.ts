import type { AttemptClaim } from './attempt-claim.js';
import type { OutputReference } from './output-reference.js';
import type { StepState } from './step-state.js';

/** What an op attempt reads before it runs: which upstream states and which input values. */
export interface StepContextRequest {
  /** Upstream node names whose step state the attempt needs. */
  readonly upstream: readonly string[];
  /** Outputs to load as inputs. */
  readonly inputs: readonly { readonly node: string; readonly output: string }[];
}

/** One loaded output: `found: false` when the upstream never stored it (e.g. an optional output not yielded). */
export interface OutputLookup {
  readonly found: boolean;
  readonly value?: unknown;
  /** Set when another IO manager holds the value (then `value` is unset): the reader loads it from there. */
  readonly reference?: OutputReference;
}

/** The result of `readStepContext`. */
export interface StepContext {
  /** This node's own state, when a previous attempt (or a re-delivery of this one) wrote it. */
  readonly own?: StepState;
  /** The latest claim on this node's attempts, live or expired (read in the same request). */
  readonly claim?: AttemptClaim;
  /** State of each requested upstream node (undefined when it has none yet). */
  readonly upstream: Record<string, StepState | undefined>;
  /** Keyed by `"<node>.<output>"`. */
  readonly outputs: Map<string, OutputLookup>;
}
