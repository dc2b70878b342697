import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/** Options of {@link LogDeliveryError}. */
export interface LogDeliveryErrorOptions extends StepsterErrorOptions {
  /** The logger's key in `loggerDefs`. */
  readonly loggerName?: string;
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  /** Records that did not arrive; `undefined` when the sink cannot tell. */
  readonly lostRecords?: number;
}

/**
 * Log records could not be delivered (after retries). The CloudWatch logger reports it when it happens
 * (`initContext.reportError`), keeps it on `sink.failures`, and `flush()` rejects with it, so the engine
 * can record an ENGINE_EVENT instead of losing logs silently.
 *
 * @example
 * ```ts
 * const failures = await manager.flush();
 * for (const error of failures) if (error instanceof LogDeliveryError) console.error(error.lostRecords, error.message);
 * ```
 */
export class LogDeliveryError extends StepsterError {
  override readonly name = 'LogDeliveryError' as const;
  readonly loggerName: string | undefined;
  readonly logGroupName: string | undefined;
  readonly logStreamName: string | undefined;
  readonly lostRecords: number | undefined;

  constructor(message: string, options: LogDeliveryErrorOptions = {}) {
    super(message, options);
    this.loggerName = options.loggerName;
    this.logGroupName = options.logGroupName;
    this.logStreamName = options.logStreamName;
    this.lostRecords = options.lostRecords;
  }
}
