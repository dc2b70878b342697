import { LifecycleError } from './lifecycle-error.js';
import { SENSOR_CLAIM_LEASE_MS } from './lifecycle-timeout.js';

/**
 * Fires of one sensor (per run, status and redrive) before an interrupted sensor is reported
 * instead of fired again: the first fire and two re-fires.
 *
 * @default 3
 */
export const SENSOR_MAX_FIRES = 3;

/**
 * How sensor claims behave: how long a claim protects a firing sensor, how often an
 * interrupted sensor is fired again, and the clock both are measured by.
 *
 * Policy, per case:
 * - the sensor returned: the claim is completed (`SUCCESS`); never fired again;
 * - the sensor threw: an ERROR engine event records it and the claim is completed (`ERROR`);
 *   never fired again (the failure is known, and a re-fire could send half a notification twice);
 * - the claim is younger than its lease: another delivery is firing it; skipped;
 * - the claim is older than its lease (its invocation was stopped mid-way): fired again, with a
 *   WARNING engine event, until it has been fired `maxFires` times; then an ERROR engine event
 *   says it may not have completed and the claim is closed (`INTERRUPTED`). Re-firing favours a
 *   possibly duplicated notification over a lost one; the bound keeps a sensor that hangs every
 *   time from costing one function timeout per sweep forever.
 */
export interface SensorClaimPolicy {
  /** How long a claim protects a firing sensor, in ms. @default SENSOR_CLAIM_LEASE_MS */
  readonly leaseMs: number;
  /** Fires of an interrupted sensor before it is reported instead. @default SENSOR_MAX_FIRES */
  readonly maxFires: number;
  /** The clock leases are measured by (tests pass a fake one). @default () => new Date() */
  readonly now: () => Date;
}

/**
 * The policy with defaults filled in, checked.
 *
 * @example
 * const policy = sensorClaimPolicy({ now: () => fakeNow });
 */
export function sensorClaimPolicy(options: Partial<SensorClaimPolicy> = {}): SensorClaimPolicy {
  const leaseMs = options.leaseMs ?? SENSOR_CLAIM_LEASE_MS;
  const maxFires = options.maxFires ?? SENSOR_MAX_FIRES;
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new LifecycleError(
      `sensor claim leaseMs ${leaseMs} must be a positive number of milliseconds (at least the lifecycle function's timeout)`,
    );
  }
  if (!Number.isInteger(maxFires) || maxFires < 1) {
    throw new LifecycleError(`sensor claim maxFires ${maxFires} must be an integer of at least 1`);
  }
  return { leaseMs, maxFires, now: options.now ?? (() => new Date()) };
}
