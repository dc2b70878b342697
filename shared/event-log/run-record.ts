/** Status of a run, as Dagster's `DagsterRunStatus` names them. */
export const RunStatus = {
  QUEUED: 'QUEUED',
  STARTED: 'STARTED',
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  CANCELED: 'CANCELED',
} as const;

export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** The statuses a run ends in. */
export type TerminalRunStatus = typeof RunStatus.SUCCESS | typeof RunStatus.FAILURE | typeof RunStatus.CANCELED;

/** The run item (`sk = RUN`) as the query API returns it. */
export interface RunRecord {
  /** The Step Functions execution name. */
  readonly runId: string;
  readonly jobName: string;
  readonly status: RunStatus;
  /** Job tags + execution input tags + system tags (`stepster/...`). */
  readonly tags: Readonly<Record<string, string>>;
  /** ISO-8601 time the run started. */
  readonly startTime: string;
  /** ISO-8601 time the run reached its terminal status. */
  readonly endTime?: string;
  /** For a re-execution: the run it re-executes. */
  readonly parentRunId?: string;
  /** For a re-execution: the first run of the chain. */
  readonly rootRunId?: string;
}

/** The terminal statuses, in the order `finishRun` accepts them. */
export const TERMINAL_RUN_STATUSES: readonly TerminalRunStatus[] = [
  RunStatus.SUCCESS,
  RunStatus.FAILURE,
  RunStatus.CANCELED,
];

/**
 * Whether a run in `status` has ended.
 *
 * @example
 * isTerminalRunStatus('STARTED'); // false
 */
export function isTerminalRunStatus(status: string): status is TerminalRunStatus {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}

/** Whether `value` is one of the {@link RunStatus} names. */
export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && Object.hasOwn(RunStatus, value);
}
