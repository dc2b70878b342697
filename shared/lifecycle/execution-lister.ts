/** An execution as the sweep sees it (the fields of ListExecutions it needs). */
export interface ClosedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  /** The execution name, which is the run id. */
  readonly name: string;
  /** Step Functions status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. */
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly redriveCount?: number;
}

/** Lists a state machine's executions, newest first, stopping at those started before `startedAfter`. */
export type ExecutionLister = (
  stateMachineArn: string,
  options: { readonly startedAfter: Date },
) => AsyncIterable<ClosedExecution>;
