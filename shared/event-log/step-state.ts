/** Where a step (op node) stands in its run, as the op Lambdas and gates see it. */
export const StepStatus = {
  UP_FOR_RETRY: 'UP_FOR_RETRY',
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  SKIPPED: 'SKIPPED',
  BLOCKED: 'BLOCKED',
  /**
   * Left out of the run's selection (`stepster/op_selection`): the step ran no body and wrote no
   * event. In a re-execution its state carries the outputs of the run that produced them
   * (`reusedFrom`), which its downstream steps read by reference.
   */
  NOT_SELECTED: 'NOT_SELECTED',
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
  /** Asset key → data version, for each asset the step materialized (read by its downstream steps). */
  readonly assetVersions?: Readonly<Record<string, string>>;
  readonly error?: StepErrorInfo;
  /**
   * For FAILURE: set when the step failed only because blocking asset checks failed. Its
   * outputs are stored, and it blocks only the downstream steps that watch one of these outputs
   * (a multi-asset's other outputs flow on). Committed with the step's events.
   */
  readonly failedChecks?: readonly FailedCheck[];
  /**
   * For NOT_SELECTED in a re-execution: the run whose output items hold this step's outputs
   * (the ancestor that ran it successfully; never a run that reused them itself). `outputs` and
   * `assetVersions` are that run's.
   */
  readonly reusedFrom?: string;
}

/** A failed blocking asset check (severity ERROR) and the step output it checked. */
export interface FailedCheck {
  readonly output: string;
  readonly assetKey: string;
  readonly checkName: string;
}

// The statuses handlers decide by live here only, so the op task, the gates and the run end
// cannot drift apart on what "done", "blocking" or "failed" means.

const FINAL: ReadonlySet<StepStatus> = new Set<StepStatus>([
  StepStatus.SUCCESS,
  StepStatus.FAILURE,
  StepStatus.SKIPPED,
  StepStatus.BLOCKED,
  StepStatus.NOT_SELECTED,
]);

const BLOCKING: ReadonlySet<StepStatus | undefined> = new Set<StepStatus | undefined>([
  undefined,
  StepStatus.FAILURE,
  StepStatus.BLOCKED,
  StepStatus.UP_FOR_RETRY,
]);

const FAILED: ReadonlySet<StepStatus | undefined> = new Set<StepStatus | undefined>([
  undefined,
  StepStatus.FAILURE,
  StepStatus.UP_FOR_RETRY,
]);

/**
 * Whether a step in `status` has its last word for this run (SUCCESS, FAILURE, SKIPPED or
 * BLOCKED): a re-delivered attempt finding it changes nothing and only replays, because its
 * events and outputs are already committed. UP_FOR_RETRY is not final: the next attempt runs.
 * No status (undefined) is not final either: no attempt has committed yet.
 *
 * @example
 * isStepFinal('BLOCKED'); // true
 * isStepFinal('UP_FOR_RETRY'); // false
 */
export function isStepFinal(status: StepStatus | undefined): boolean {
  return status !== undefined && FINAL.has(status);
}

/**
 * Whether a step will not run again in this run (its status {@link isStepFinal}); what a gate
 * waits for on every upstream step before it releases its join.
 *
 * @example
 * isStepDone({ status: 'UP_FOR_RETRY', attempt: 1 }); // false
 */
export function isStepDone(state: StepState | undefined): boolean {
  return isStepFinal(state?.status);
}

/**
 * Whether an upstream step in `status` stops its downstream step from running (the downstream
 * is then BLOCKED). The state machine starts a downstream op only after its upstream Tasks
 * ended, so an upstream with no state (undefined) crashed without recording it, and one still
 * UP_FOR_RETRY never got its retry: both failed as far as the downstream can tell, like FAILURE.
 * BLOCKED propagates down the graph. SKIPPED does not block: the downstream runs its own check
 * and skips for its missing inputs (STEP_SKIPPED), as Dagster does.
 * NOT_SELECTED does not block: the downstream reads the reused outputs, or (an asset) the last
 * materialization; run start refused a selection that leaves a needed value nowhere.
 *
 * @example
 * blocksDownstream(undefined); // true
 * blocksDownstream('SKIPPED'); // false
 */
export function blocksDownstream(status: StepStatus | undefined): boolean {
  return BLOCKING.has(status);
}

/**
 * Whether the run end lists a step in `status` among the run's failed steps (RUN_FAILURE).
 * Undefined and UP_FOR_RETRY at run end mean the step crashed or never got its retry, so it
 * failed. BLOCKED is not listed: like Dagster, the failure is named where it happened, not on
 * every step behind it. SKIPPED is not a failure (the run can still succeed).
 *
 * @example
 * countsAsFailed('UP_FOR_RETRY'); // true
 * countsAsFailed('BLOCKED'); // false
 */
export function countsAsFailed(status: StepStatus | undefined): boolean {
  return FAILED.has(status);
}

/** Whether `value` is one of the {@link StepStatus} names. */
export function isStepStatus(value: unknown): value is StepStatus {
  return typeof value === 'string' && Object.hasOwn(StepStatus, value);
}
