import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';
/**
 * Raised when another live process already serves the local store's directory
 * (LevelDB allows one process per directory).
 *
 * @example
 * try { await startLocalDynamo(); } catch (error) {
 *   if (error instanceof LocalDynamoLockedError) await startLocalDynamo({ ifLocked: 'connect' });
 * }
 */
export class LocalDynamoLockedError extends StepsterError {
  override readonly name = 'LocalDynamoLockedError' as const;

  constructor(
    message: string,
    /** The process holding the directory. */
    readonly holderPid: number,
    /** The endpoint that process serves the store on, when known. */
    readonly holderEndpoint: string | undefined,
    options?: StepsterErrorOptions,
  ) {
    super(message, options);
  }
}
