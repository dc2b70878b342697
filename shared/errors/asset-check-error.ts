import { StepsterError } from './stepster-error.js';

/**
 * An asset check's contract broken at run time: a check body that returns no
 * `AssetCheckResult`, a result that names another check or asset, a declared check spec with
 * no result, or a result for a check the step does not declare. It fails the step like a throw.
 *
 * @example
 * throw new AssetCheckError('asset "orders" declares check "has_rows" but logged no AssetCheckResult for it.');
 */
export class AssetCheckError extends StepsterError {
  override readonly name = 'AssetCheckError' as const;
}
