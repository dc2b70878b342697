import {
  formatValidationIssues,
  type ValidationIssue,
  validationIssuesFromZod,
  type ZodIssueSource,
} from './validation-issue.js';
import { StepsterError, type StepsterErrorOptions } from './stepster-error.js';

/**
 * The run config (or tags) of an execution input did not validate. Raised by run start,
 * before any op runs. Each issue names the field by its full path in the input.
 *
 * @example
 * new RunConfigError([{ path: 'runConfig.ops.fetch_sales.config.date', message: 'expected string, received number' }]).message
 * // → 'Invalid run config: runConfig.ops.fetch_sales.config.date: expected string, received number'
 */
export class RunConfigError extends StepsterError {
  override readonly name = 'RunConfigError' as const;
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: StepsterErrorOptions = {}) {
    super(runConfigMessage(issues), options);
    this.issues = Object.freeze(issues.map((i) => Object.freeze({ path: i.path, message: i.message })));
  }

  /**
   * Builds the error from a zod 4 error, issue paths rooted at `prefixPath`; the zod error is the cause.
   *
   * @example
   * const parsed = op.config.safeParse(input);
   * if (!parsed.success) throw RunConfigError.fromZodError('runConfig.ops.fetch_sales.config', parsed.error);
   */
  static fromZodError(prefixPath: string, zodError: ZodIssueSource): RunConfigError {
    return new RunConfigError(validationIssuesFromZod(prefixPath, zodError), { cause: zodError });
  }
}

function runConfigMessage(issues: readonly ValidationIssue[]): string {
  const lines = formatValidationIssues(issues);
  if (lines.length === 0) return 'Invalid run config.';
  if (lines.length === 1) return `Invalid run config: ${lines[0]}`;
  return `Invalid run config (${issues.length} issues):\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}
