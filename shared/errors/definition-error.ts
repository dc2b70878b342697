import { StepsterError } from './stepster-error.js';

/**
 * A bad op, graph, job, schedule, sensor or retry-policy definition, found while
 * defining (before anything runs). The message names the subject and says how to fix it.
 *
 * @example
 * throw new DefinitionError('op "fetch_sales" declares "out: {}". Declare at least one output or omit "out".', {
 *   subject: 'fetch_sales',
 * });
 */
export class DefinitionError extends StepsterError {
  override readonly name = 'DefinitionError' as const;
  /** The name of the definition at fault (op, job, graph…), e.g. `fetch_sales`. */
  readonly subject: string;

  constructor(message: string, options: { subject: string; cause?: unknown }) {
    super(message, options);
    this.subject = options.subject;
  }
}
