import { randomUUID } from 'node:crypto';
import { isTerminalRunStatus, RunStatus } from '../event-log/run-record.js';
import type { SensorRunStatus } from '../sensors/run-status-sensor-definition.js';
import type { OnceMarker, OnceMarkerStore } from '../event-log/once-marker-store.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** Where a sensor claim stands. */
export const SensorClaimState = {
  /** Taken by a delivery that is firing (or reporting) the sensor, until its lease runs out. */
  RUNNING: 'RUNNING',
  /** Completed: the sensor returned or threw, or it was reported as interrupted. */
  DONE: 'DONE',
} as const;

export type SensorClaimState = (typeof SensorClaimState)[keyof typeof SensorClaimState];

/** How a completed claim ended. */
export const SensorClaimOutcome = {
  SUCCESS: 'SUCCESS',
  /** The sensor threw; an ERROR engine event records it. */
  ERROR: 'ERROR',
  /** Interrupted `maxFires` times; an ERROR engine event says it may not have completed. */
  INTERRUPTED: 'INTERRUPTED',
} as const;

export type SensorClaimOutcome = (typeof SensorClaimOutcome)[keyof typeof SensorClaimOutcome];

/** One sensor firing: the sensor, and the run, status and redrive it fires for. */
export interface SensorTarget {
  readonly runId: string;
  readonly sensorName: string;
  readonly status: SensorRunStatus;
  readonly redriveCount: number;
}

/**
 * The once-marker that claims one sensor firing. Invariant: at most one delivery holds a
 * RUNNING claim whose lease has not run out, since taking one is a conditional write (put if
 * absent, or compare-and-set on `owner`).
 */
export interface SensorClaim extends SensorTarget {
  readonly state: SensorClaimState;
  /** A token of the delivery holding it; completing or taking over checks it. */
  readonly owner: string;
  /** Times the claim was taken (1 for the first claim, +1 per takeover): keys the take's events. */
  readonly take: number;
  /** Times the sensor was fired under this claim. */
  readonly fires: number;
  /** When the current take started (ISO-8601). */
  readonly startedAt: string;
  /** Lease of the current take, in ms. */
  readonly leaseMs: number;
  /** Epoch ms after which the current take is presumed dead. */
  readonly leaseExpiresAt: number;
  readonly completedAt?: string;
  readonly outcome?: SensorClaimOutcome;
}

/** What a delivery may do with a sensor, after trying to claim it. */
export type SensorTake =
  /** Fire it: a new claim, or a takeover of `previous`, interrupted. */
  | { readonly kind: 'fire'; readonly claim: SensorClaim; readonly previous?: SensorClaim }
  /** Report it: took over `previous`, interrupted after its last allowed fire (or no longer defined). */
  | { readonly kind: 'report'; readonly claim: SensorClaim; readonly previous: SensorClaim }
  /** Leave it: completed, or held by a live delivery (`live`), or another delivery took it first. */
  | { readonly kind: 'skip'; readonly live: boolean };

/** The once-marker key of a sensor firing (unchanged from the first stepster release, so old markers still count). */
export function sensorClaimKey(target: Omit<SensorTarget, 'runId'>): string {
  return `sensor#${target.sensorName}#${target.status}#${target.redriveCount}`;
}

const KEY_PATTERN = /^sensor#([^#]+)#([A-Z]+)#(\d+)$/;

/**
 * The sensor claim a marker holds, or undefined for a marker that is no sensor claim. A marker
 * written before claims had a state (a bare `firedAt`) reads as DONE: whether it completed is
 * unknown, and firing it again could notify twice.
 */
export function parseSensorClaim(marker: OnceMarker): SensorClaim | undefined {
  const match = KEY_PATTERN.exec(marker.key);
  const [, sensorName, status, redrive] = match ?? [];
  if (sensorName === undefined || status === undefined || redrive === undefined || !isSensorRunStatus(status)) {
    return undefined;
  }
  const a = marker.attrs;
  const text = (name: string): string | undefined => (typeof a[name] === 'string' ? (a[name] as string) : undefined);
  const count = (name: string): number => (typeof a[name] === 'number' ? (a[name] as number) : 0);
  const state = text('state') === SensorClaimState.RUNNING ? SensorClaimState.RUNNING : SensorClaimState.DONE;
  const outcome = text('outcome');
  const completedAt = text('completedAt');
  return {
    runId: marker.runId,
    sensorName,
    status,
    redriveCount: Number(redrive),
    state,
    owner: text('owner') ?? '',
    take: Math.max(count('take'), 1),
    fires: Math.max(count('fires'), 1),
    startedAt: text('startedAt') ?? text('firedAt') ?? '',
    leaseMs: count('leaseMs'),
    leaseExpiresAt: count('leaseExpiresAt'),
    ...(completedAt !== undefined ? { completedAt } : {}),
    ...(outcome !== undefined ? { outcome: outcome as SensorClaimOutcome } : {}),
  };
}

/** Whether a RUNNING claim's holder is presumed dead: its lease ran out. */
export function isStaleClaim(claim: SensorClaim, now: Date): boolean {
  return claim.state === SensorClaimState.RUNNING && now.getTime() > claim.leaseExpiresAt;
}

function lease(policy: SensorClaimPolicy): Pick<SensorClaim, 'owner' | 'startedAt' | 'leaseMs' | 'leaseExpiresAt'> {
  const now = policy.now();
  return {
    owner: randomUUID(),
    startedAt: now.toISOString(),
    leaseMs: policy.leaseMs,
    leaseExpiresAt: now.getTime() + policy.leaseMs,
  };
}

/**
 * Claims a sensor firing, or takes over a claim whose holder died. Two deliveries never both
 * get `fire` (or `report`) while a claim is live: the first claim is a put-if-absent, and a
 * takeover is a compare-and-set on the stale claim's owner.
 *
 * @param canFire false when the sensor can no longer be fired (it left the Definitions): a stale claim is then reported
 * @example
 * const take = await takeSensorClaim(store, { runId, sensorName: 'on_failure', status: 'FAILURE', redriveCount: 0 }, policy);
 * if (take.kind === 'fire') await sensor.fn(context);
 */
export async function takeSensorClaim(
  markers: OnceMarkerStore,
  target: SensorTarget,
  policy: SensorClaimPolicy,
  canFire = true,
): Promise<SensorTake> {
  const key = sensorClaimKey(target);
  if (canFire) {
    const first: SensorClaim = { ...target, state: SensorClaimState.RUNNING, take: 1, fires: 1, ...lease(policy) };
    const claimed = await markers.putOnce(
      target.runId,
      key,
      {
        state: first.state,
        owner: first.owner,
        take: first.take,
        fires: first.fires,
        startedAt: first.startedAt,
        leaseMs: first.leaseMs,
        leaseExpiresAt: first.leaseExpiresAt,
      },
      { open: true },
    );
    if (claimed) return { kind: 'fire', claim: first };
  }
  const marker = await markers.getOnce(target.runId, key);
  const previous = marker === undefined ? undefined : parseSensorClaim(marker);
  if (previous === undefined || previous.state !== SensorClaimState.RUNNING) return { kind: 'skip', live: false };
  if (!isStaleClaim(previous, policy.now())) return { kind: 'skip', live: true };
  const fire = canFire && previous.fires < policy.maxFires;
  const next: SensorClaim = {
    ...previous,
    take: previous.take + 1,
    fires: fire ? previous.fires + 1 : previous.fires,
    ...lease(policy),
  };
  const took = await markers.updateOnce(target.runId, key, {
    set: {
      owner: next.owner,
      take: next.take,
      fires: next.fires,
      startedAt: next.startedAt,
      leaseMs: next.leaseMs,
      leaseExpiresAt: next.leaseExpiresAt,
    },
    expect: { owner: previous.owner, state: SensorClaimState.RUNNING },
  });
  if (!took) return { kind: 'skip', live: true };
  return fire ? { kind: 'fire', claim: next, previous } : { kind: 'report', claim: next, previous };
}

/**
 * Completes a claim this delivery holds: DONE with its outcome and completion time, and out of
 * the open list. False when the claim is no longer this delivery's (its lease ran out and
 * another delivery took it over).
 *
 * @example
 * await completeSensorClaim(store, take.claim, SensorClaimOutcome.SUCCESS, policy);
 */
export function completeSensorClaim(
  markers: OnceMarkerStore,
  claim: SensorClaim,
  outcome: SensorClaimOutcome,
  policy: SensorClaimPolicy,
): Promise<boolean> {
  return markers.updateOnce(claim.runId, sensorClaimKey(claim), {
    set: { state: SensorClaimState.DONE, outcome, completedAt: policy.now().toISOString() },
    expect: { owner: claim.owner },
    open: false,
  });
}

function isSensorRunStatus(status: string): status is SensorRunStatus {
  return status === RunStatus.STARTED || isTerminalRunStatus(status);
}
