import type { NamedDefinition } from '../definitions/definitions.js';
import type { EventRecord } from '../event-log/event-record.js';
import type { RunRecord } from '../event-log/run-record.js';
import type { RunStatusSensorDefinition, SensorRunStatus } from '../sensors/run-status-sensor-definition.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { fireSensorOnce, type SensorFiringStore, type SensorOutcome } from './fire-sensor-once.js';
import { type SensorClaimPolicy, sensorClaimPolicy } from './sensor-claim-policy.js';

/** Whether a registered definition is a run-status (or run-failure) sensor. */
export function isRunStatusSensor(definition: NamedDefinition): definition is RunStatusSensorDefinition {
  return (
    definition.kind === 'run_status_sensor' &&
    typeof (definition as Partial<RunStatusSensorDefinition>).fn === 'function'
  );
}

/**
 * Runs each sensor watching `status` for the run's job, once per run, status and redrive
 * however often it is called, each under a claim with a lease (see {@link SensorClaimPolicy}):
 * a sensor that throws is recorded in the run's event log as an ERROR engine event and does
 * not stop the others, and is not retried, so a notification is never sent twice; a sensor
 * whose fire was interrupted (its claim outlived its lease) is fired again, up to
 * `maxFires`, then reported by an ERROR engine event.
 *
 * @example
 * const outcomes = await fireRunSensors({ definitions, store, run, status: 'FAILURE', statusEvent, redriveCount: 0 });
 */
export async function fireRunSensors(options: {
  readonly definitions: {
    readonly sensors: readonly NamedDefinition[];
    readonly resources: Readonly<Record<string, unknown>>;
  };
  readonly store: SensorFiringStore;
  readonly run: RunRecord;
  readonly status: SensorRunStatus;
  readonly statusEvent: EventRecord;
  readonly redriveCount: number;
  readonly sensorLog?: (record: SensorLogRecord) => void;
  /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
  readonly sensorClaims?: Partial<SensorClaimPolicy>;
}): Promise<SensorOutcome[]> {
  const { run, status } = options;
  const policy = sensorClaimPolicy(options.sensorClaims);
  const outcomes: SensorOutcome[] = [];
  for (const sensor of options.definitions.sensors.filter(isRunStatusSensor)) {
    if (sensor.runStatus !== status || !sensor.monitors(run.jobName)) continue;
    outcomes.push(
      await fireSensorOnce({
        sensorName: sensor.name,
        sensor,
        store: options.store,
        run,
        status,
        statusEvent: options.statusEvent,
        redriveCount: options.redriveCount,
        resources: options.definitions.resources,
        policy,
        ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
      }),
    );
  }
  return outcomes;
}
