import { StepsterError } from '../errors/stepster-error.js';

/**
 * A selected op step reads an output of a step its run's selection leaves out, and no run
 * produced that output for it. Run start refuses such a selection before any op runs; the op
 * task raises this only if that check was bypassed, failing the step before its body runs.
 */
export class UnselectedInputError extends StepsterError {
  override readonly name = 'UnselectedInputError' as const;
}
