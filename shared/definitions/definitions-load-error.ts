import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';
/**
 * A Definitions module could not be loaded: it does not exist, it threw while being
 * imported (the `cause`), or its default export is not a `Definitions`. The message names
 * the module and how to point at another one.
 *
 * @example
 * try { await loadDefinitions('jobs.ts'); } catch (error) {
 *   if (error instanceof DefinitionsLoadError) console.error(error.message);
 * }
 */
export class DefinitionsLoadError extends StepsterError {
  override readonly name = 'DefinitionsLoadError' as const;

  constructor(
    message: string,
    /** The module, as it was given. */
    readonly file: string,
    options?: StepsterErrorOptions,
  ) {
    super(message, options);
  }
}
