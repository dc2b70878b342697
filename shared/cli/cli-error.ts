import { StepsterError } from '../errors/stepster-error.js';
/** A problem with what the user typed: printed without a stack, exit code 2. */
export class CliError extends StepsterError {
  override readonly name = 'CliError' as const;
}
