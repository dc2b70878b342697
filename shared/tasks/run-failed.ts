import { StepsterError } from '../errors/stepster-error.js';
/** Ends an execution whose steps failed, so Step Functions shows it as FAILED. */
export class RunFailed extends StepsterError {
  override readonly name = 'stepster.RunFailed' as const;

  constructor(
    message: string,
    readonly failedSteps: readonly string[],
  ) {
    super(message);
  }
}
