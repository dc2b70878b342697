/**
 * The lifecycle function's timeout, in seconds: the one home of this number. The CDK construct
 * sets the function's timeout from it (`Duration.seconds(LIFECYCLE_FUNCTION_TIMEOUT_SECONDS)`),
 * and sensor claims lease from it, so the two cannot drift apart.
 *
 * @default 300 (5 minutes)
 * @example
 * new lambda.Function(this, 'Lifecycle', { timeout: Duration.seconds(LIFECYCLE_FUNCTION_TIMEOUT_SECONDS), ... });
 */
export const LIFECYCLE_FUNCTION_TIMEOUT_SECONDS = 300;

/**
 * Margin added to the timeout for clock skew between the lifecycle containers that write a
 * claim and the ones that later judge it stale.
 */
const CLOCK_SKEW_MARGIN_MS = 60_000;

/**
 * How long a sensor claim protects a sensor being fired. Lambda stops an invocation at its
 * timeout, so a claim older than the timeout (plus the skew margin) belongs to an invocation
 * that is no longer running: its sensor was interrupted and may be fired again.
 *
 * @default 360_000 (the lifecycle timeout plus one minute)
 * @example
 * const stale = now.getTime() > Date.parse(claim.startedAt) + SENSOR_CLAIM_LEASE_MS;
 */
export const SENSOR_CLAIM_LEASE_MS = LIFECYCLE_FUNCTION_TIMEOUT_SECONDS * 1000 + CLOCK_SKEW_MARGIN_MS;
