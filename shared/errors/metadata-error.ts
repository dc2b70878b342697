import { StepsterError } from './stepster-error.js';

/**
 * A metadata value that cannot be stored (a function, a Date, NaN, a cycle…) or a
 * `MetadataValue.*` factory given a bad argument. The message names the key, where the
 * metadata was attached, and the fix.
 *
 * @example
 * throw new MetadataError('metadata key "size" of job "sales_job" is a function, which cannot be stored. …', {
 *   key: 'size',
 *   where: 'job "sales_job"',
 * });
 */
export class MetadataError extends StepsterError {
  override readonly name = 'MetadataError' as const;
  /** The metadata label at fault, when the error is about one entry. */
  readonly key: string | undefined;
  /** What the metadata was attached to, e.g. `Output "result" of op "load"`. */
  readonly where: string | undefined;

  constructor(message: string, options: { key?: string; where?: string; cause?: unknown } = {}) {
    super(message, options);
    this.key = options.key;
    this.where = options.where;
  }
}
