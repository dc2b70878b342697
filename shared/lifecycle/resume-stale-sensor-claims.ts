import type { NamedDefinition } from '../definitions/definitions.js';
import type { RunStore } from '../event-log/run-store.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { isRunStatusSensor } from './fire-run-sensors.js';
import { fireSensorOnce, type SensorFiringStore, type SensorOutcome } from './fire-sensor-once.js';
import { isStaleClaim, parseSensorClaim } from './sensor-claim.js';
import { type SensorClaimPolicy, sensorClaimPolicy } from './sensor-claim-policy.js';
import { STATUS_EVENT_TYPE } from './status-event-type.js';

/** One stale claim the sweep acted on: the run, and what became of its sensor. */
export interface ResumedSensorClaim {
  readonly runId: string;
  readonly outcome: SensorOutcome;
}

/** Options of {@link resumeStaleSensorClaims}. */
export interface ResumeStaleSensorClaimsOptions {
  readonly definitions: {
    readonly sensors: readonly NamedDefinition[];
    readonly resources: Readonly<Record<string, unknown>>;
  };
  readonly store: SensorFiringStore & Pick<RunStore, 'getRun'>;
  /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
  readonly sensorClaims?: Partial<SensorClaimPolicy>;
  readonly sensorLog?: (record: SensorLogRecord) => void;
}

/**
 * Finds every sensor claim left RUNNING past its lease, in any run (whatever its status and
 * however long ago it ended: the open claims are listed from an index, not from recent
 * executions), and fires the sensor again or reports it, as {@link SensorClaimPolicy} says.
 * What the sweep does after recording missed run ends.
 *
 * @example
 * const resumed = await resumeStaleSensorClaims({ definitions, store });
 */
export async function resumeStaleSensorClaims(options: ResumeStaleSensorClaimsOptions): Promise<ResumedSensorClaim[]> {
  const { store } = options;
  const policy = sensorClaimPolicy(options.sensorClaims);
  const sensors = new Map(options.definitions.sensors.filter(isRunStatusSensor).map((s) => [s.name, s]));
  const resumed: ResumedSensorClaim[] = [];
  for (const marker of await store.listOpenOnce()) {
    const claim = parseSensorClaim(marker);
    // The index copy may lag; fireSensorOnce re-reads the claim before taking it.
    if (claim === undefined || !isStaleClaim(claim, policy.now())) continue;
    // A claim is only ever written after its run's item, so a missing run is one deleted by hand.
    const run = await store.getRun(claim.runId);
    if (run === undefined) continue;
    const sensor = sensors.get(claim.sensorName);
    const statusEvents = await store.getRecordsForRun(run.runId, { ofType: STATUS_EVENT_TYPE[claim.status] });
    const statusEvent = statusEvents.records.at(-1);
    const outcome = await fireSensorOnce({
      sensorName: claim.sensorName,
      // A sensor now watching another status is no longer the one claimed: report, never fire.
      sensor: sensor?.runStatus === claim.status ? sensor : undefined,
      store,
      run,
      status: claim.status,
      ...(statusEvent ? { statusEvent } : {}),
      redriveCount: claim.redriveCount,
      resources: options.definitions.resources,
      policy,
      ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
    });
    resumed.push({ runId: run.runId, outcome });
  }
  return resumed;
}
