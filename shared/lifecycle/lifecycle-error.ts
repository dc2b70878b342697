import { StepsterError } from '../errors/stepster-error.js';

/** The lifecycle could not record a run's end (e.g. an unknown run with no job to attach it to). */
export class LifecycleError extends StepsterError {
  override readonly name = 'LifecycleError' as const;
}
