import { StepsterError } from '../errors/stepster-error.js';

/** The error an op body raised that is the body's own contract breach (not user code). */
export class OpContractError extends StepsterError {
  override readonly name = 'OpContractError' as const;
}
