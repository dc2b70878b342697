import { RunStatus, type TerminalRunStatus } from '../event-log/run-record.js';

/** Step Functions execution statuses, as "Step Functions Execution Status Change" events carry them. */
export const ExecutionStatus = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  ABORTED: 'ABORTED',
  PENDING_REDRIVE: 'PENDING_REDRIVE',
} as const;

export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** The execution statuses that end a run. */
export const CLOSED_EXECUTION_STATUSES: readonly string[] = [
  ExecutionStatus.SUCCEEDED,
  ExecutionStatus.FAILED,
  ExecutionStatus.TIMED_OUT,
  ExecutionStatus.ABORTED,
];

/**
 * The run status an ended execution means: SUCCEEDED → SUCCESS, FAILED and TIMED_OUT →
 * FAILURE, ABORTED → CANCELED; `undefined` for an execution that has not ended.
 *
 * @example
 * runStatusOfExecution('ABORTED'); // 'CANCELED'
 */
export function runStatusOfExecution(status: string): TerminalRunStatus | undefined {
  switch (status) {
    case ExecutionStatus.SUCCEEDED:
      return RunStatus.SUCCESS;
    case ExecutionStatus.FAILED:
    case ExecutionStatus.TIMED_OUT:
      return RunStatus.FAILURE;
    case ExecutionStatus.ABORTED:
      return RunStatus.CANCELED;
    default:
      return undefined;
  }
}
