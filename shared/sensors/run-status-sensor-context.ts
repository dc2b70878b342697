import type { EventLogInstance } from '../event-log/event-log-instance.js';
import type { EventRecord } from '../event-log/event-record.js';
import type { RunRecord } from '../event-log/run-record.js';
import { EventType } from '../events/event-type.js';
import { createSensorLog, type SensorLog } from './sensor-log.js';

/**
 * What a run-status sensor receives (Dagster's `RunStatusSensorContext`, camelCase).
 *
 * @example
 * runStatusSensor({ name: 'report', runStatus: RunStatus.SUCCESS }, async (context) => {
 *   const assets = await collectRunMetadata(context.instance, context.run.runId);
 *   context.log.info(`${context.run.jobName} materialized ${assets.length} assets`);
 * });
 */
export interface RunStatusSensorContext {
  readonly sensorName: string;
  /** The run that reached the status. */
  readonly run: RunRecord;
  /** The same run, under Dagster's name (`context.dagster_run`). */
  readonly dagsterRun: RunRecord;
  /** The run's status event (RUN_START, RUN_SUCCESS, RUN_FAILURE or RUN_CANCELED). */
  readonly dagsterEvent: EventRecord;
  /** The event log: `getRecordsForRun`, `getRuns`, `getRun`, `getAssetEvents`. */
  readonly instance: EventLogInstance;
  readonly log: SensorLog;
  /** The sensor's `requiredResourceKeys`, set up: a `SlackResource`, a `secret(...)`, ... */
  readonly resources: Readonly<Record<string, unknown>>;
  /** This context as a run-failure context; throws unless the run failed. */
  forRunFailure(): RunFailureSensorContext;
}

/** What a run-failure sensor receives (Dagster's `RunFailureSensorContext`). */
export interface RunFailureSensorContext extends RunStatusSensorContext {
  /** The RUN_FAILURE record; `.message` says why the run failed. */
  readonly failureEvent: EventRecord;
  /** The run's STEP_FAILURE records, oldest first (Dagster's `get_step_failure_events`). */
  getStepFailureEvents(): Promise<EventRecord[]>;
}

/** Options of {@link buildRunStatusSensorContext}. */
export interface BuildRunStatusSensorContextOptions {
  readonly sensorName: string;
  readonly run: RunRecord;
  readonly instance: EventLogInstance;
  /** The run's status event. @default a RUN_START/RUN_SUCCESS/RUN_FAILURE/RUN_CANCELED record built from the run */
  readonly dagsterEvent?: EventRecord;
  /** @default one JSON line per record on the console */
  readonly log?: SensorLog;
  /** @default {} */
  readonly resources?: Readonly<Record<string, unknown>>;
}

const STATUS_EVENT: Readonly<Record<string, EventType>> = {
  STARTED: EventType.RUN_START,
  SUCCESS: EventType.RUN_SUCCESS,
  FAILURE: EventType.RUN_FAILURE,
  CANCELED: EventType.RUN_CANCELED,
};

/**
 * Builds the context a run-status sensor receives, to test a sensor directly
 * (Dagster's `build_run_status_sensor_context`); `.forRunFailure()` gives a failure sensor's.
 *
 * @example
 * const context = buildRunStatusSensorContext({ sensorName: 'on_failure', run, instance: store }).forRunFailure();
 * await onFailure.fn(context);
 */
export function buildRunStatusSensorContext(options: BuildRunStatusSensorContextOptions): RunStatusSensorContext {
  const { run, instance } = options;
  const dagsterEvent: EventRecord = options.dagsterEvent ?? {
    runId: run.runId,
    eventType: STATUS_EVENT[run.status] ?? EventType.ENGINE_EVENT,
    timestamp: run.endTime ?? (run.status === 'STARTED' ? run.startTime : new Date().toISOString()),
    level: run.status === 'FAILURE' ? 'ERROR' : 'INFO',
    message: `Run ${run.runId} of "${run.jobName}" is ${run.status}.`,
  };
  const context: RunStatusSensorContext = {
    sensorName: options.sensorName,
    run,
    dagsterRun: run,
    dagsterEvent,
    instance,
    log: options.log ?? createSensorLog(options.sensorName, run.runId),
    resources: options.resources ?? {},
    forRunFailure(): RunFailureSensorContext {
      if (run.status !== 'FAILURE') {
        throw new TypeError(
          `forRunFailure(): run ${run.runId} is ${run.status}, not FAILURE; build the context from a failed run (status 'FAILURE')`,
        );
      }
      return {
        ...context,
        failureEvent: dagsterEvent,
        getStepFailureEvents: async () =>
          (await instance.getRecordsForRun(run.runId, { ofType: EventType.STEP_FAILURE })).records,
      };
    },
  };
  return context;
}
