import type { NamedDefinition } from '../definitions/definitions.js';
import { errorMessage } from '../errors/error-message.js';
import {
  type EventLogStore,
  type EventRecord,
  eventKey,
  RunEventScope,
  type RunRecord,
  type TerminalRunStatus,
} from '../event-log/index.js';
import { EventType } from '../events/event-type.js';
import { buildRunStatusSensorContext } from '../sensors/run-status-sensor-context.js';
import type { RunStatusSensorDefinition } from '../sensors/run-status-sensor-definition.js';
import { createSensorLog, type SensorLogRecord } from '../sensors/sensor-log.js';

/** What happened to one sensor that watches a run's status. */
export interface SensorOutcome {
  readonly name: string;
  /** True when this call ran the sensor; false when an earlier call had. */
  readonly fired: boolean;
  /** The sensor's error message, when it threw. */
  readonly error?: string;
}

/** Whether a registered definition is a run-status (or run-failure) sensor. */
export function isRunStatusSensor(definition: NamedDefinition): definition is RunStatusSensorDefinition {
  return (
    definition.kind === 'run_status_sensor' &&
    typeof (definition as Partial<RunStatusSensorDefinition>).fn === 'function'
  );
}

/**
 * Runs each sensor watching `status` for the run's job, at most once per run, status and
 * redrive (a conditional put claims it first). A sensor that throws is recorded in the run's
 * event log as an ERROR engine event and does not stop the others; it is not retried, so a
 * notification is never sent twice.
 */
export async function fireRunSensors(options: {
  readonly definitions: {
    readonly sensors: readonly NamedDefinition[];
    readonly resources: Readonly<Record<string, unknown>>;
  };
  readonly store: EventLogStore;
  readonly run: RunRecord;
  readonly status: TerminalRunStatus;
  readonly statusEvent: EventRecord;
  readonly redriveCount: number;
  readonly sensorLog?: (record: SensorLogRecord) => void;
}): Promise<SensorOutcome[]> {
  const { store, run, status, redriveCount } = options;
  const outcomes: SensorOutcome[] = [];
  const sensors = options.definitions.sensors.filter(isRunStatusSensor);
  for (const [index, sensor] of sensors.entries()) {
    if (sensor.runStatus !== status || !sensor.monitors(run.jobName)) continue;
    const claimed = await store.putOnce(run.runId, `sensor#${sensor.name}#${status}#${redriveCount}`, {
      firedAt: new Date().toISOString(),
    });
    if (!claimed) {
      outcomes.push({ name: sensor.name, fired: false });
      continue;
    }
    const context = buildRunStatusSensorContext({
      sensorName: sensor.name,
      run: { ...run, status },
      instance: store,
      dagsterEvent: options.statusEvent,
      log: createSensorLog(sensor.name, run.runId, options.sensorLog),
      resources: options.definitions.resources,
    });
    try {
      await sensor.fn(context);
      outcomes.push({ name: sensor.name, fired: true });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : errorMessage(error);
      outcomes.push({ name: sensor.name, fired: true, error: message });
      await store.appendEvents(run.runId, [
        {
          key: eventKey(RunEventScope.LIFECYCLE, redriveCount, index + 1),
          record: {
            runId: run.runId,
            eventType: EventType.ENGINE_EVENT,
            timestamp: new Date().toISOString(),
            level: 'ERROR',
            message: `Sensor "${sensor.name}" failed on ${status} of run ${run.runId}: ${message}`,
            data: { sensorName: sensor.name, error: { message } },
          },
        },
      ]);
    }
  }
  return outcomes;
}
