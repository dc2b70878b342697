import { StepsterError } from '../errors/stepster-error.js';

/** A backfill that cannot start: an unpartitioned job, no keys, a bad `maxConcurrent`. Names the option and the fix. */
export class BackfillError extends StepsterError {
  override readonly name = 'BackfillError' as const;
}
