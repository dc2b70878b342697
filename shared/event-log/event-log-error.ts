import { StepsterError } from '../errors/stepster-error.js';
/**
 * Raised by the event log when DynamoDB cannot do what was asked (items left unprocessed
 * after bounded retries, an item over the size limit, a malformed cursor or key).
 * The message names the field or item and says how to fix it.
 *
 * @example
 * try { await store.commitStepAttempt(runId, 'load', commit); }
 * catch (error) { if (error instanceof EventLogError) console.error(error.message); }
 */
export class EventLogError extends StepsterError {
  override readonly name = 'EventLogError' as const;
}
