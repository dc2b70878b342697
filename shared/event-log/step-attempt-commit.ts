import type { EventEntry } from './event-entry.js';
import type { OutputReference } from './output-reference.js';
import type { StepState } from './step-state.js';

/**
 * What one op attempt writes at its end, in one BatchWriteItem for a typical op.
 *
 * @example
 * await store.commitStepAttempt(runId, 'load', { events: writer.events, step: { status: 'SUCCESS', attempt: 1 },
 *   outputs: [{ name: 'result', value: rows }] });
 */
export interface StepAttemptCommit {
  /** The attempt's events with deterministic keys (see `eventKey`). */
  readonly events: readonly EventEntry[];
  /** The step state after the attempt; written last. When `outputs` is absent it is filled from the stored names. */
  readonly step: StepState;
  /** Output values to store (see output-value-codec), or, with `reference`, where another IO manager stored them. */
  readonly outputs?: readonly {
    readonly name: string;
    readonly value: unknown;
    readonly reference?: OutputReference;
  }[];
}
