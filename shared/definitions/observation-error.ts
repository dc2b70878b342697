import { StepsterError } from '../errors/stepster-error.js';

/** An observable source asset's observation did not return a `DataVersion`; the message names the asset and the fix. */
export class ObservationError extends StepsterError {
  override readonly name = 'ObservationError' as const;
}
