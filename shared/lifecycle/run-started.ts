import type { EventLogStore } from '../event-log/event-log-store.js';
import { RunStatus, type RunRecord } from '../event-log/run-record.js';
import { EventType } from '../events/event-type.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { fireRunSensors, isRunStatusSensor } from './fire-run-sensors.js';
import type { SensorOutcome } from './fire-sensor-once.js';
import { LifecycleError } from './lifecycle-error.js';
import type { LifecycleDefinitions } from './run-finished.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** Options of {@link handleRunStarted}. */
export interface RunStartedOptions {
  readonly definitions: LifecycleDefinitions;
  readonly store: EventLogStore;
  readonly runId: string;
  /** The run's job (from the state machine), to skip the store when no sensor watches it. */
  readonly jobName: string;
  /** Where sensors' `context.log` goes. @default one JSON line per record on the console */
  readonly sensorLog?: (record: SensorLogRecord) => void;
  /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
  readonly sensorClaims?: Partial<SensorClaimPolicy>;
  /**
   * How long to wait for the run-start state to record the run: on AWS the RUNNING event may
   * arrive before the first state has written it. @default 10000
   */
  readonly waitForRunMs?: number;
  /** @default 250 */
  readonly pollMs?: number;
}

/** What {@link handleRunStarted} did. */
export interface RunStartedResult {
  readonly runId: string;
  readonly jobName: string;
  /** Whether the run was recorded as started (a run refused at run start never was: its STARTED sensors do not fire). */
  readonly started: boolean;
  readonly sensors: readonly SensorOutcome[];
}

/**
 * Fires the sensors that watch STARTED for a run's job, once each however often it is called
 * (under the same claims as the other statuses): on AWS from the execution's RUNNING
 * status-change event (redrive 0), locally when the run-start state has recorded the run.
 * The sensor gets the RUN_START record as `dagsterEvent`. A run whose run-start state refused
 * its input never started, so nothing fires; a run not recorded within `waitForRunMs` is a
 * `LifecycleError`, so that EventBridge delivers the event again.
 *
 * @example
 * await handleRunStarted({ definitions, store, runId, jobName: 'sales_job' });
 */
export async function handleRunStarted(options: RunStartedOptions): Promise<RunStartedResult> {
  const { definitions, store, runId, jobName } = options;
  const watching = definitions.sensors
    .filter(isRunStatusSensor)
    .some((sensor) => sensor.runStatus === RunStatus.STARTED && sensor.monitors(jobName));
  if (!watching) return { runId, jobName, started: false, sensors: [] };
  const run = await waitForRun(store, runId, options.waitForRunMs ?? 10_000, options.pollMs ?? 250);
  if (run === undefined) {
    throw new LifecycleError(
      `run '${runId}' of job "${jobName}" was not recorded within ${options.waitForRunMs ?? 10_000} ms of its start; its STARTED sensors fire when the event is delivered again`,
    );
  }
  const startEvent = (await store.getRecordsForRun(runId, { ofType: EventType.RUN_START })).records.at(0);
  if (startEvent === undefined) return { runId, jobName: run.jobName, started: false, sensors: [] };
  const sensors = await fireRunSensors({
    definitions,
    store,
    run,
    status: RunStatus.STARTED,
    statusEvent: startEvent,
    redriveCount: 0,
    ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
    ...(options.sensorClaims ? { sensorClaims: options.sensorClaims } : {}),
  });
  return { runId, jobName: run.jobName, started: true, sensors };
}

async function waitForRun(
  store: EventLogStore,
  runId: string,
  waitMs: number,
  pollMs: number,
): Promise<RunRecord | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const run = await store.getRun(runId);
    if (run !== undefined || Date.now() >= deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
