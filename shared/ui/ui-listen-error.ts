import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/**
 * The `stepster ui` server could not listen: the port is taken (`EADDRINUSE`), not allowed
 * (`EACCES`), or the host is not an address of this machine (`EADDRNOTAVAIL`).
 */
export class UiListenError extends StepsterError {
  override readonly name = 'UiListenError' as const;

  constructor(
    message: string,
    /** The system error code, e.g. `EADDRINUSE`. */
    readonly code: string | undefined,
    options: StepsterErrorOptions = {},
  ) {
    super(message, options);
  }
}
