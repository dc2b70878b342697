import type { NamedDefinition } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { type EventEntry, toEventEntry } from '../event-log/event-entry.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { EventRecord } from '../event-log/event-record.js';
import { terminalEventKey } from '../event-log/event-key.js';
import { RunEvents } from '../events/run-events.js';
import { isTerminalRunStatus, type RunRecord, RunStatus, type TerminalRunStatus } from '../event-log/run-record.js';
import { fireRunSensors } from './fire-run-sensors.js';
import type { SensorOutcome } from './fire-sensor-once.js';
import { LifecycleError } from './lifecycle-error.js';
import { STATUS_EVENT_TYPE } from './status-event-type.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** What the lifecycle needs of a Definitions. */
export interface LifecycleDefinitions {
  readonly jobs: readonly JobDefinition[];
  readonly sensors: readonly NamedDefinition[];
  readonly resources: Readonly<Record<string, unknown>>;
}

/** Options of {@link handleRunFinished}. */
export interface RunFinishedOptions {
  readonly definitions: LifecycleDefinitions;
  readonly store: EventLogStore;
  readonly runId: string;
  /** The status the execution ended in. */
  readonly status: TerminalRunStatus;
  /** The run's job; needed only when the run never recorded its start (it ended before its first state). */
  readonly jobName?: string;
  /** Why the execution ended, when it failed. */
  readonly error?: { readonly name: string; readonly message: string };
  /** Step Functions redrives of the execution so far; each one ends again. @default 0 */
  readonly redriveCount?: number;
  /** When the execution started (for a run that never recorded its start). @default now */
  readonly startTime?: string;
  /** When the execution ended. @default now */
  readonly endTime?: string;
  /** Where sensors' `context.log` goes. @default one JSON line per record on the console */
  readonly sensorLog?: (record: SensorLogRecord) => void;
  /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
  readonly sensorClaims?: Partial<SensorClaimPolicy>;
}

/** What {@link handleRunFinished} did. */
export interface RunFinishedResult {
  readonly runId: string;
  readonly jobName: string;
  /** The run's recorded terminal status (the first one recorded wins). */
  readonly status: TerminalRunStatus;
  /** Whether this call recorded the status (false when run end or an earlier delivery had). */
  readonly recorded: boolean;
  /** The matching sensors; `fired: false` when an earlier delivery fired them (or is firing them: `inProgress`). */
  readonly sensors: readonly SensorOutcome[];
}

/**
 * Records that a run ended and fires the sensors that watch it, once each, however often it is
 * called (one whose earlier fire was interrupted is fired again or reported: {@link SensorClaimPolicy}):
 * what the lifecycle Lambda does for each "Execution Status Change" event and each execution
 * the sweep finds, and what `stepster run` calls after a local run.
 * Writes RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED unless the run already has its status event
 * (run end writes it for runs that reach the last state); creates the run item for a run
 * that ended before its first state.
 *
 * @example
 * const result = await runLocally({ job, definitions, store, input });
 * await handleRunFinished({ definitions, store, runId: result.runId, status: result.status });
 */
export async function handleRunFinished(options: RunFinishedOptions): Promise<RunFinishedResult> {
  const { store, runId, status, definitions } = options;
  if (!isTerminalRunStatus(status)) {
    throw new LifecycleError(
      `handleRunFinished: status '${String(status)}' is not terminal; pass SUCCESS, FAILURE or CANCELED`,
    );
  }
  const redrive = options.redriveCount ?? 0;
  let run = await store.getRun(runId);
  if (run === undefined) {
    const jobName = options.jobName;
    if (jobName === undefined) {
      throw new LifecycleError(
        `run '${runId}' has no run item and no jobName was given: pass the job the execution belongs to (the lifecycle maps state machine ARNs to jobs)`,
      );
    }
    const job = definitions.jobs.find((j) => j.name === jobName);
    const created: RunRecord = {
      runId,
      jobName,
      status: RunStatus.STARTED,
      tags: { ...(job?.tags ?? {}) },
      startTime: options.startTime ?? new Date().toISOString(),
    };
    await store.startRun(created, []);
    run = created;
  }

  let recorded = false;
  const terminalEvent = buildTerminalEvent(run, status, options);
  if (!isTerminalRunStatus(run.status)) {
    recorded = await store.finishRun(
      runId,
      status,
      [terminalEvent],
      options.endTime ? { endTime: options.endTime } : {},
    );
    run = (await store.getRun(runId)) ?? run;
  }
  const finalStatus = (isTerminalRunStatus(run.status) ? run.status : status) as TerminalRunStatus;

  // Run end writes the status before its event; if it stopped in between, the event is added here.
  const statusEvents = await store.getRecordsForRun(runId, { ofType: STATUS_EVENT_TYPE[finalStatus] });
  let statusEvent: EventRecord | undefined = statusEvents.records.at(-1);
  if (statusEvent === undefined) {
    const repaired = finalStatus === status ? terminalEvent : buildTerminalEvent(run, finalStatus, options);
    await store.appendEvents(runId, [repaired]);
    statusEvent = repaired.record;
  }

  const sensors = await fireRunSensors({
    definitions,
    store,
    run,
    status: finalStatus,
    statusEvent,
    redriveCount: redrive,
    ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
    ...(options.sensorClaims ? { sensorClaims: options.sensorClaims } : {}),
  });
  return { runId, jobName: run.jobName, status: finalStatus, recorded, sensors };
}

function buildTerminalEvent(run: RunRecord, status: TerminalRunStatus, options: RunFinishedOptions): EventEntry {
  const draft =
    status === RunStatus.SUCCESS
      ? RunEvents.success(run.jobName)
      : status === RunStatus.CANCELED
        ? RunEvents.canceled(run.jobName)
        : RunEvents.executionFailed(
            run.jobName,
            options.error ?? {
              name: 'States.Unknown',
              message: 'the execution failed; see the Step Functions console',
            },
          );
  // The same key run end writes, so whichever of the two records the end, it is written once per drive.
  return toEventEntry(terminalEventKey(options.redriveCount ?? 0), run.runId, draft, {
    ...(options.endTime ? { timestamp: options.endTime } : {}),
  });
}
