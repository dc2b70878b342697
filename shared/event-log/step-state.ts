/** Where a step (op node) stands in its run, as the op Lambdas and gates see it. */
export const StepStatus = {
  UP_FOR_RETRY: 'UP_FOR_RETRY',
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  SKIPPED: 'SKIPPED',
  BLOCKED: 'BLOCKED',
} as const;

export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/** A serialised error, kept with the step state so a later attempt or the run end can report it. */
export interface StepErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: StepErrorInfo;
  /** Extra payload, e.g. a `Failure`'s description and metadata. */
  readonly data?: Record<string, unknown>;
}

/**
 * The state of one step (item `S#<node>`), written last in each attempt's commit.
 *
 * @example
 * const state: StepState = { status: 'SUCCESS', attempt: 1, outputs: ['result'], endTime: new Date().toISOString() };
 */
export interface StepState {
  readonly status: StepStatus;
  /** The attempt that wrote this state (1-based). */
  readonly attempt: number;
  /** For UP_FOR_RETRY: the attempt number to run next. */
  readonly nextAttempt?: number;
  /** For UP_FOR_RETRY: ISO time the next attempt may start. */
  readonly retryAt?: string;
  /** ISO time the step first started (attempt 1). */
  readonly startTime?: string;
  readonly endTime?: string;
  /** Names of the outputs the step yielded (a not-yielded optional output is absent). */
  readonly outputs?: readonly string[];
  readonly error?: StepErrorInfo;
}

const DONE: ReadonlySet<string> = new Set<StepStatus>([
  StepStatus.SUCCESS,
  StepStatus.FAILURE,
  StepStatus.SKIPPED,
  StepStatus.BLOCKED,
]);

/**
 * Whether a step will not run again in this run (SUCCESS, FAILURE, SKIPPED or BLOCKED).
 *
 * @example
 * isStepDone({ status: 'UP_FOR_RETRY', attempt: 1 }); // false
 */
export function isStepDone(state: StepState | undefined): boolean {
  return state !== undefined && DONE.has(state.status);
}

/** Whether `value` is one of the {@link StepStatus} names. */
export function isStepStatus(value: unknown): value is StepStatus {
  return typeof value === 'string' && Object.hasOwn(StepStatus, value);
}

/** A re-delivered attempt of a step in a final state changes nothing. */
export function isStepFinal(status: StepStatus | undefined): boolean {
  return status !== undefined && DONE.has(status);
}

/** An upstream step in this state keeps its downstream steps from running (no final state counts: its crash went unrecorded). */
export function blocksDownstream(status: StepStatus | undefined): boolean {
  return (
    status === undefined ||
    status === StepStatus.FAILURE ||
    status === StepStatus.BLOCKED ||
    status === StepStatus.UP_FOR_RETRY
  );
}

/** Run end lists a step in this state as failed (a step with no state crashed and could not record it). */
export function countsAsFailed(status: StepStatus | undefined): boolean {
  return status === undefined || status === StepStatus.FAILURE || status === StepStatus.UP_FOR_RETRY;
}
