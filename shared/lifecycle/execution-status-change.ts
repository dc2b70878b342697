import { eventKey, RunEventScope } from '../event-log/event-key.js';
import { EventType } from '../events/event-type.js';
import { ExecutionStatus, runStatusOfExecution } from './execution-status.js';
import { type LifecycleDefinitions, type RunFinishedResult, handleRunFinished } from './run-finished.js';
import { handleRunStarted, type RunStartedResult } from './run-started.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** The detail of an EventBridge "Step Functions Execution Status Change" event (the fields used). */
export interface ExecutionStatusChangeDetail {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  /** The execution name: the run id. */
  readonly name: string;
  readonly status: string;
  /** Epoch milliseconds. */
  readonly startDate?: number;
  readonly stopDate?: number | null;
  readonly error?: string | null;
  readonly cause?: string | null;
  readonly redriveCount?: number;
}

/** An EventBridge "Step Functions Execution Status Change" event. */
export interface ExecutionStatusChangeEvent {
  readonly source: 'aws.states';
  readonly 'detail-type': 'Step Functions Execution Status Change';
  readonly detail: ExecutionStatusChangeDetail;
}

/** The detail-type of Step Functions status events, which the lifecycle rule matches. */
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/** Whether `event` is a Step Functions execution status change. */
export function isExecutionStatusChangeEvent(event: unknown): event is ExecutionStatusChangeEvent {
  if (!event || typeof event !== 'object') return false;
  const e = event as { source?: unknown; 'detail-type'?: unknown; detail?: { name?: unknown; status?: unknown } };
  return (
    e.source === 'aws.states' &&
    e['detail-type'] === EXECUTION_STATUS_CHANGE &&
    typeof e.detail?.name === 'string' &&
    typeof e.detail.status === 'string'
  );
}

/** What {@link handleExecutionStatusChange} did with an event. */
export type StatusChangeOutcome =
  | { readonly action: 'finished'; readonly result: RunFinishedResult }
  | { readonly action: 'started'; readonly result: RunStartedResult }
  | { readonly action: 'resumed'; readonly runId: string; readonly changed: boolean }
  | { readonly action: 'ignored'; readonly runId: string; readonly reason: string };

/**
 * Handles one status change of a job's execution: an ended execution is recorded and its
 * sensors fire ({@link handleRunFinished}); a started one (RUNNING, redriveCount 0) fires the
 * STARTED sensors ({@link handleRunStarted}); a redriven one (RUNNING with redriveCount > 0)
 * re-opens the run; anything else is ignored.
 *
 * @example
 * await handleExecutionStatusChange(event.detail, { definitions, store, jobOf: (arn) => jobsByArn[arn] });
 */
export async function handleExecutionStatusChange(
  detail: ExecutionStatusChangeDetail,
  deps: {
    readonly definitions: LifecycleDefinitions;
    readonly store: EventLogStore;
    /** The job of a state machine ARN; undefined for one this stack does not own. */
    readonly jobOf: (stateMachineArn: string) => string | undefined;
    readonly sensorLog?: (record: SensorLogRecord) => void;
    /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
    readonly sensorClaims?: Partial<SensorClaimPolicy>;
  },
): Promise<StatusChangeOutcome> {
  const runId = detail.name;
  const jobName = deps.jobOf(detail.stateMachineArn);
  if (jobName === undefined) {
    return {
      action: 'ignored',
      runId,
      reason: `state machine ${detail.stateMachineArn} is not one of this stack's jobs`,
    };
  }
  const redriveCount = detail.redriveCount ?? 0;
  if (detail.status === ExecutionStatus.RUNNING) {
    if (redriveCount === 0) {
      const result = await handleRunStarted({
        definitions: deps.definitions,
        store: deps.store,
        runId,
        jobName,
        ...(deps.sensorLog ? { sensorLog: deps.sensorLog } : {}),
        ...(deps.sensorClaims ? { sensorClaims: deps.sensorClaims } : {}),
      });
      // No STARTED sensor watches this job: run start records a new run itself.
      if (result.sensors.length === 0 && !result.started) {
        return { action: 'ignored', runId, reason: 'run start records a new run itself' };
      }
      return { action: 'started', result };
    }
    const changed = await deps.store.resumeRun(runId, [
      {
        key: eventKey(RunEventScope.LIFECYCLE, redriveCount, 0),
        record: {
          runId,
          eventType: EventType.ENGINE_EVENT,
          timestamp: new Date().toISOString(),
          level: 'INFO',
          message: `Run redriven from failure (redrive ${redriveCount}).`,
          data: { redriveCount },
        },
      },
    ]);
    return { action: 'resumed', runId, changed };
  }
  const status = runStatusOfExecution(detail.status);
  if (status === undefined) return { action: 'ignored', runId, reason: `status ${detail.status} does not end a run` };
  const error =
    detail.status === ExecutionStatus.TIMED_OUT
      ? { name: 'States.Timeout', message: 'the execution ran longer than its state machine timeout' }
      : detail.status === ExecutionStatus.FAILED
        ? describeExecutionError(detail.error, detail.cause)
        : undefined;
  const result = await handleRunFinished({
    definitions: deps.definitions,
    store: deps.store,
    runId,
    status,
    jobName,
    redriveCount,
    ...(error ? { error } : {}),
    ...(detail.startDate ? { startTime: new Date(detail.startDate).toISOString() } : {}),
    ...(detail.stopDate ? { endTime: new Date(detail.stopDate).toISOString() } : {}),
    ...(deps.sensorLog ? { sensorLog: deps.sensorLog } : {}),
    ...(deps.sensorClaims ? { sensorClaims: deps.sensorClaims } : {}),
  });
  return { action: 'finished', result };
}

/** Error and cause of a failed execution; a Lambda error's cause is its JSON, whose errorMessage is kept. */
export function describeExecutionError(
  error: string | null | undefined,
  cause: string | null | undefined,
): { name: string; message: string } {
  const name = error && error.length > 0 ? error : 'States.Unknown';
  let message = cause && cause.length > 0 ? cause : 'the execution failed without a cause';
  try {
    const parsed: unknown = JSON.parse(message);
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof (parsed as { errorMessage?: unknown }).errorMessage === 'string'
    ) {
      message = (parsed as { errorMessage: string }).errorMessage;
    }
  } catch {
    // a plain-text cause is kept as it is
  }
  return { name, message };
}
