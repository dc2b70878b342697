import { errorMessage } from '../errors/error-message.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import type { EventRecord } from '../event-log/event-record.js';
import type { RunRecord } from '../event-log/run-record.js';
import type { RunStore } from '../event-log/run-store.js';
import type { OnceMarkerStore } from '../event-log/once-marker-store.js';
import { buildRunStatusSensorContext } from '../sensors/run-status-sensor-context.js';
import type { RunStatusSensorDefinition, SensorRunStatus } from '../sensors/run-status-sensor-definition.js';
import { createSensorLog, type SensorLog, type SensorLogRecord } from '../sensors/sensor-log.js';
import {
  completeSensorClaim,
  type SensorClaim,
  SensorClaimOutcome,
  type SensorTarget,
  takeSensorClaim,
} from './sensor-claim.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';
import { sensorFailedEvent, sensorInterruptedEvent, sensorRefiredEvent } from './sensor-events.js';
import { sensorResources } from './sensor-resources.js';

/** What happened to one sensor that watches a run's status. */
export interface SensorOutcome {
  readonly name: string;
  /** True when this call ran the sensor; false when another call had, or is running it. */
  readonly fired: boolean;
  /** The sensor's error message, when it threw. */
  readonly error?: string;
  /** The fire number (2, 3, …), set only when this call fired again a sensor whose earlier fire was interrupted. */
  readonly refire?: number;
  /** Set when another delivery holds a live claim on the sensor (it is being fired right now). */
  readonly inProgress?: true;
  /** Set when this call gave up on an interrupted sensor and recorded an ERROR event saying why. */
  readonly reported?: string;
  /** Why the sensor's completion could not be recorded on its claim (it will be fired again after its lease). */
  readonly unrecorded?: string;
}

/** The ports firing a sensor uses: its claim, the run's events, and the queries sensors make. */
export type SensorFiringStore = OnceMarkerStore & Pick<RunStore, 'appendEvents'> & EventLogInstance;

/** Options of {@link fireSensorOnce}. */
export interface FireSensorOnceOptions {
  readonly sensorName: string;
  /** The sensor's definition; undefined when a claim names a sensor no longer defined (it is then reported, never fired). */
  readonly sensor: RunStatusSensorDefinition | undefined;
  readonly store: SensorFiringStore;
  readonly run: RunRecord;
  readonly status: SensorRunStatus;
  /** The run's status event. @default one built from the run */
  readonly statusEvent?: EventRecord;
  readonly redriveCount: number;
  /** The Definitions' resources; the sensor gets its `requiredResourceKeys` of them, set up. */
  readonly resources: Readonly<Record<string, unknown>>;
  readonly policy: SensorClaimPolicy;
  readonly sensorLog?: (record: SensorLogRecord) => void;
}

/**
 * Fires one sensor for one run, status and redrive under a claim (see {@link SensorClaimPolicy}
 * for what happens in each case). The claim records the fire's start before the sensor runs
 * and its completion after; every path that does not end in a recorded completion leaves a
 * RUNNING claim behind, which a later delivery or sweep finds once its lease runs out.
 *
 * @example
 * const outcome = await fireSensorOnce({ sensorName: sensor.name, sensor, store, run, status: 'FAILURE',
 *   redriveCount: 0, resources: {}, policy: sensorClaimPolicy() });
 */
export async function fireSensorOnce(options: FireSensorOnceOptions): Promise<SensorOutcome> {
  const { sensor, sensorName: name, store, run, status, policy } = options;
  const target: SensorTarget = { runId: run.runId, sensorName: name, status, redriveCount: options.redriveCount };
  const log = createSensorLog(name, run.runId, options.sensorLog);
  const take = await takeSensorClaim(store, target, policy, sensor !== undefined);
  if (take.kind === 'skip') return { name, fired: false, ...(take.live ? { inProgress: true as const } : {}) };

  if (take.kind === 'report' || sensor === undefined) {
    const previous = take.kind === 'report' ? take.previous : take.claim;
    const reason =
      sensor === undefined
        ? `it is no longer defined in the Definitions, and its fire ${previous.fires} never completed`
        : `it was fired ${previous.fires} time${previous.fires === 1 ? '' : 's'} and no fire completed`;
    // The event comes before the completion: a report that dies in between is reported again.
    await store.appendEvents(run.runId, [sensorInterruptedEvent(previous, take.claim, reason)]);
    const unrecorded = await complete(store, take.claim, SensorClaimOutcome.INTERRUPTED, policy, log);
    return { name, fired: false, reported: reason, ...unrecorded };
  }

  if (take.previous !== undefined) {
    await store.appendEvents(run.runId, [sensorRefiredEvent(take.previous, take.claim, policy)]);
  }
  let error: string | undefined;
  try {
    // Set up under the claim: a resource whose config is wrong fails this sensor, recorded below.
    const resources = await sensorResources(sensor, options.resources);
    const context = buildRunStatusSensorContext({
      sensorName: name,
      run: { ...run, status },
      instance: store,
      ...(options.statusEvent ? { dagsterEvent: options.statusEvent } : {}),
      log,
      resources,
    });
    await sensor.fn(context);
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : errorMessage(thrown);
    // Recorded before the claim completes: if this write fails, the claim stays RUNNING and is found again.
    await store.appendEvents(run.runId, [sensorFailedEvent(take.claim, error)]);
  }
  const unrecorded = await complete(
    store,
    take.claim,
    error === undefined ? SensorClaimOutcome.SUCCESS : SensorClaimOutcome.ERROR,
    policy,
    log,
  );
  return {
    name,
    fired: true,
    ...(error !== undefined ? { error } : {}),
    ...(take.previous !== undefined ? { refire: take.claim.fires } : {}),
    ...unrecorded,
  };
}

/**
 * Completes the claim; a failure here is not the sensor's, so it is logged and returned rather
 * than thrown (the other sensors still fire), and the RUNNING claim left behind is fired again
 * once its lease runs out.
 */
async function complete(
  store: OnceMarkerStore,
  claim: SensorClaim,
  outcome: SensorClaimOutcome,
  policy: SensorClaimPolicy,
  log: SensorLog,
): Promise<{ unrecorded?: string }> {
  let unrecorded: string | undefined;
  try {
    const completed = await completeSensorClaim(store, claim, outcome, policy);
    if (!completed) unrecorded = 'its claim was taken over by another delivery after its lease ran out';
  } catch (error) {
    unrecorded = `the claim's completion could not be written: ${errorMessage(error)}`;
  }
  if (unrecorded === undefined) return {};
  log.warning(
    `sensor "${claim.sensorName}" ended (${outcome}) but ${unrecorded}; it may be fired again after its lease`,
  );
  return { unrecorded };
}
