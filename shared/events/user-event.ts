import { AssetCheckResult } from './asset-check-result.js';
import { AssetMaterialization } from './asset-materialization.js';
import { AssetObservation } from './asset-observation.js';
import { ExpectationResult } from './expectation-result.js';

/** An event an op body logs (`context.logEvent`) or yields, other than an `Output`. */
export type UserEvent = AssetMaterialization | AssetObservation | ExpectationResult | AssetCheckResult;

/**
 * True for the events an op may log or yield besides `Output`.
 *
 * @example
 * if (isUserEvent(item)) journal.push(item.toEventData('op "load"'));
 */
export function isUserEvent(value: unknown): value is UserEvent {
  return (
    value instanceof AssetMaterialization ||
    value instanceof AssetObservation ||
    value instanceof ExpectationResult ||
    value instanceof AssetCheckResult
  );
}
