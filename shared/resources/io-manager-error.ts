import { StepsterError } from '../errors/stepster-error.js';

/**
 * An IO manager could not store or load an output: a missing bucket or object, denied access,
 * an unknown manager key. The step fails with it (retried as its retry policy says); the
 * message names the output, where it was going, and the fix.
 *
 * @example
 * new IoManagerError('S3 bucket "my-data" does not exist (output "rows" of step "load"): create it, or set s3IoManager({ bucket })');
 */
export class IoManagerError extends StepsterError {
  override readonly name = 'IoManagerError' as const;
}
