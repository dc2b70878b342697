import { StepsterError } from '../../shared/errors/stepster-error.js';
/**
 * A bundle could not be built, or would not run in Lambda. The message names the bundle
 * and what to change.
 *
 * @example
 * throw new BundleError('no bundle was built for op "fetch_sales": pass it in opNames');
 */
export class BundleError extends StepsterError {
  override readonly name = 'BundleError' as const;
}
