import { StepsterError } from '../errors/stepster-error.js';

/**
 * An asset step loads an upstream asset its job does not run, and no stored value of it can
 * be found: the upstream was never materialized (in that partition), or only observed.
 * Raised before the body runs; the message names the asset and the fix.
 */
export class MissingAssetValueError extends StepsterError {
  override readonly name = 'MissingAssetValueError' as const;
}
