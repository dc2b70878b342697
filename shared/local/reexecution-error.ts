import { StepsterError } from '../errors/stepster-error.js';

/**
 * A re-execution that cannot start: the run does not exist, ran another job, has not ended,
 * or (from failure) did not fail. Raised before any run starts; the message names the run and
 * the way out.
 */
export class ReexecutionError extends StepsterError {
  override readonly name = 'ReexecutionError' as const;
}
