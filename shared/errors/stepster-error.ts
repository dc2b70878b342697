/** Options every stepster error accepts. */
export interface StepsterErrorOptions {
  /** The error that led to this one; kept as the standard `Error.cause`. */
  readonly cause?: unknown;
}

/**
 * The base of every error stepster raises. Each subclass sets a literal `name`: bare as Dagster
 * names it (`Failure`, `DefinitionError`) for errors user code raises or catches, prefixed
 * `stepster.` (`stepster.RunFailed`) for errors that cross into Step Functions and are matched
 * there by name (see docs/CONTRIBUTING.md, "Error names").
 *
 * `cause` is set only when given, so `'cause' in error` tells an explicit `{ cause: undefined }`
 * from no cause at all, as with the standard `Error`.
 *
 * @example
 * export class LifecycleError extends StepsterError {
 *   override readonly name = 'LifecycleError' as const;
 * }
 * throw new LifecycleError('run "r1" is unknown', { cause: error });
 */
export abstract class StepsterError extends Error {
  abstract override readonly name: string;

  constructor(message: string, options: StepsterErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
  }
}
