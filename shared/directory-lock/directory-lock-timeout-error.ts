import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';
/**
 * Raised when a live process keeps a directory's lock longer than a caller would wait
 * (`withDirectoryLock`'s `timeoutMs`). The message names the lock file and the holder.
 *
 * @example
 * try { await withDirectoryLock(dir, build); } catch (error) {
 *   if (error instanceof DirectoryLockTimeoutError) console.error(`held by ${error.holderPid}`);
 * }
 */
export class DirectoryLockTimeoutError extends StepsterError {
  override readonly name = 'DirectoryLockTimeoutError' as const;

  constructor(
    message: string,
    /** The process holding the lock. */
    readonly holderPid: number,
    options?: StepsterErrorOptions,
  ) {
    super(message, options);
  }
}
