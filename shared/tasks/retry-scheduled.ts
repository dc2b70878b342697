import { StepsterError } from '../errors/stepster-error.js';
import { RETRY_SCHEDULED_ERROR } from '../compiler/emit-states.js';

/**
 * Thrown by an op task to hand a retry to the state machine. Its name is the error the op
 * Task's Catch matches; its message is the ISO time to retry at, which the Wait state after
 * the Catch reads from the error's Cause.
 */
export class RetryScheduled extends StepsterError {
  override readonly name = RETRY_SCHEDULED_ERROR;

  constructor(readonly retryAt: string) {
    super(retryAt);
  }
}
