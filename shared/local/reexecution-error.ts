import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/** Why a re-execution cannot start: what each launcher (CLI, UI) tells its user, and how. */
export const ReexecutionRefusal = {
  /** No run of that id in the event log. */
  UNKNOWN_RUN: 'unknown-run',
  /** The run's job is not in the loaded Definitions. */
  UNKNOWN_JOB: 'unknown-job',
  /** The run exists but cannot be re-executed that way: it ran another job, has not ended, or (from failure) did not fail. */
  NOT_REEXECUTABLE: 'not-reexecutable',
} as const;

export type ReexecutionRefusal = (typeof ReexecutionRefusal)[keyof typeof ReexecutionRefusal];

/**
 * A re-execution that cannot start: the run does not exist, ran another job, has not ended,
 * or (from failure) did not fail. Raised before any run starts; the message names the run and
 * the way out, and `reason` says which (the UI answers 404 or 409 by it).
 */
export class ReexecutionError extends StepsterError {
  override readonly name = 'ReexecutionError' as const;
  /** @default ReexecutionRefusal.NOT_REEXECUTABLE */
  readonly reason: ReexecutionRefusal;

  constructor(message: string, options: StepsterErrorOptions & { readonly reason?: ReexecutionRefusal } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : {});
    this.reason = options.reason ?? ReexecutionRefusal.NOT_REEXECUTABLE;
  }
}
