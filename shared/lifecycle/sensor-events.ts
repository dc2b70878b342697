import type { EventEntry } from '../event-log/event-entry.js';
import { eventKey, RunEventScope } from '../event-log/event-key.js';
import { EventType } from '../events/event-type.js';
import type { SensorClaim } from './sensor-claim.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** What each event of a sensor take says; the last digit of its sequence number. */
const EventKind = { FAILED: 1, REFIRED: 2, INTERRUPTED: 3 } as const;

/**
 * The key of an engine event about a sensor: scope `~lifecycle.<sensor>`, attempt = the redrive,
 * sequence = take × 10 + kind. Each take is held by one delivery at a time (the claim is a
 * conditional write), so no two writers ever write the same key.
 */
function sensorEventKey(claim: SensorClaim, kind: number): string {
  return eventKey(`${RunEventScope.LIFECYCLE}.${claim.sensorName}`, claim.redriveCount, claim.take * 10 + kind);
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/**
 * The ERROR engine event of a sensor that threw.
 *
 * @example
 * await store.appendEvents(runId, [sensorFailedEvent(take.claim, 'Error: SMTP refused')]);
 */
export function sensorFailedEvent(claim: SensorClaim, message: string): EventEntry {
  return {
    key: sensorEventKey(claim, EventKind.FAILED),
    record: {
      runId: claim.runId,
      eventType: EventType.ENGINE_EVENT,
      timestamp: new Date().toISOString(),
      level: 'ERROR',
      message: `Sensor "${claim.sensorName}" failed on ${claim.status} of run ${claim.runId}: ${message}`,
      data: { sensorName: claim.sensorName, fire: claim.fires, error: { message } },
    },
  };
}

/**
 * The WARNING engine event written before an interrupted sensor is fired again.
 *
 * @example
 * await store.appendEvents(runId, [sensorRefiredEvent(take.previous, take.claim, policy)]);
 */
export function sensorRefiredEvent(previous: SensorClaim, claim: SensorClaim, policy: SensorClaimPolicy): EventEntry {
  return {
    key: sensorEventKey(claim, EventKind.REFIRED),
    record: {
      runId: claim.runId,
      eventType: EventType.ENGINE_EVENT,
      timestamp: new Date().toISOString(),
      level: 'WARNING',
      message:
        `Sensor "${claim.sensorName}" on ${claim.status} of run ${claim.runId} did not complete: fire ${previous.fires} ` +
        `started at ${previous.startedAt} and was not done within its ${seconds(previous.leaseMs)} s lease ` +
        `(the lifecycle function was stopped mid-way); firing it again (fire ${claim.fires} of ${policy.maxFires}).`,
      data: {
        sensorName: claim.sensorName,
        fire: claim.fires,
        maxFires: policy.maxFires,
        interruptedStartedAt: previous.startedAt,
      },
    },
  };
}

/**
 * The ERROR engine event of a sensor given up on: interrupted on each of its fires, or
 * claimed but no longer in the Definitions.
 *
 * @example
 * await store.appendEvents(runId, [sensorInterruptedEvent(take.previous, take.claim, 'it was fired 3 times')]);
 */
export function sensorInterruptedEvent(previous: SensorClaim, claim: SensorClaim, reason: string): EventEntry {
  return {
    key: sensorEventKey(claim, EventKind.INTERRUPTED),
    record: {
      runId: claim.runId,
      eventType: EventType.ENGINE_EVENT,
      timestamp: new Date().toISOString(),
      level: 'ERROR',
      message:
        `Sensor "${claim.sensorName}" may not have completed on ${claim.status} of run ${claim.runId}: ${reason}; ` +
        `its last fire started at ${previous.startedAt} and was not done within its ${seconds(previous.leaseMs)} s lease. ` +
        'stepster will not fire it again: check the lifecycle function’s logs for what it sent, and notify by hand if needed.',
      data: {
        sensorName: claim.sensorName,
        fires: previous.fires,
        lastStartedAt: previous.startedAt,
        reason,
      },
    },
  };
}
