// What Step Functions does for a Task with Resource `arn:aws:states:::states:startExecution.sync:2`
// (a nested workflow): the calls it makes under the starting state machine's role, the Task's
// result when the child succeeds, and the Task's error when it does not. The child itself runs
// in the harness like every execution.
import { StepsterError } from '../../../shared/errors/stepster-error.js';

/** The Resource of a Task that starts another state machine's execution and waits for its end. */
export const START_EXECUTION_SYNC_2 = 'arn:aws:states:::states:startExecution.sync:2';

/** The rule Step Functions manages to learn that a nested execution ended. */
export const MANAGED_RULE = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

/** An execution the harness ran for a parent's startExecution.sync:2 Task. */
export interface LocalChildExecution {
  /** The run (the parent's execution name). */
  readonly runId: string;
  /** The state that started it, e.g. `stepster.child.1`. */
  readonly state: string;
  readonly stateMachineArn: string;
  readonly executionArn: string;
  /** Generated, as Step Functions does when the Task's Parameters give no Name. */
  readonly name: string;
  readonly input: unknown;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: { readonly name: string; readonly cause: string };
  readonly output?: unknown;
  readonly stateTransitions: number;
  readonly startDate: Date;
  readonly stopDate: Date;
}

/**
 * The Task's error when the child execution did not succeed: Step Functions fails the Task with
 * `States.TaskFailed`, its Cause the child's DescribeExecution output as JSON.
 */
export class ChildExecutionFailed extends StepsterError {
  override readonly name = 'States.TaskFailed' as const;
}

/** DescribeExecution's view of a child, as the Task's result (.sync:2 parses Input and Output as JSON). */
function described(child: LocalChildExecution): Record<string, unknown> {
  return {
    ExecutionArn: child.executionArn,
    StateMachineArn: child.stateMachineArn,
    Name: child.name,
    Status: child.status,
    StartDate: child.startDate.getTime(),
    StopDate: child.stopDate.getTime(),
    Input: child.input,
    InputDetails: { Included: true },
    ...(child.error ? { Error: child.error.name, Cause: child.error.cause } : {}),
  };
}

/** The Task's result for a child that succeeded; the Task's error otherwise. */
export function childTaskOutcome(child: LocalChildExecution): Record<string, unknown> {
  if (child.status !== 'SUCCEEDED') throw new ChildExecutionFailed(JSON.stringify(described(child)));
  return { ...described(child), Output: child.output ?? null, OutputDetails: { Included: true } };
}

/**
 * The calls Step Functions makes, under the parent's role, to start a child and wait for it:
 * StartExecution on the child state machine, DescribeExecution on the child's execution, and the
 * managed EventBridge rule (PutRule, PutTargets, DescribeRule) through which it learns the end.
 */
export function startExecutionSyncCalls(
  child: { readonly stateMachineArn: string; readonly executionArn: string },
  account: string,
  region: string,
): { action: string; resource: string }[] {
  const rule = `arn:aws:events:${region}:${account}:rule/${MANAGED_RULE}`;
  return [
    { action: 'states:StartExecution', resource: child.stateMachineArn },
    { action: 'events:PutRule', resource: rule },
    { action: 'events:PutTargets', resource: rule },
    { action: 'events:DescribeRule', resource: rule },
    { action: 'states:DescribeExecution', resource: child.executionArn },
  ];
}
