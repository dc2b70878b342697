/**
 * Thrown by an op task to hand a retry to the state machine. The message is the ISO time
 * to retry at: the Wait state after the Task's Catch reads it from the error's Cause.
 */
export class RetryScheduled extends Error {
  override readonly name = 'stepster.RetryScheduled' as const;

  constructor(readonly retryAt: string) {
    super(retryAt);
  }
}
