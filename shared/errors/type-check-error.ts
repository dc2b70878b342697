import {
  formatValidationIssues,
  type ValidationIssue,
  validationIssuesFromZod,
  type ZodIssueSource,
} from './validation-issue.js';
import { StepsterError, type StepsterErrorOptions } from './stepster-error.js';

/** Which output failed: its op and output names, or a ready-made phrase such as `op "a" output "rows"`. */
export type TypeCheckTarget = { readonly opName: string; readonly outputName: string } | string;

/**
 * An op output failed its `Out({ schema })` type check (Dagster's type check failure).
 * Issue paths start at `value`, the output value itself.
 *
 * @example
 * TypeCheckError.fromZodError({ opName: 'fetch_sales', outputName: 'rows' }, parsed.error).message
 * // → 'Type check failed for output "rows" of op "fetch_sales": value[0].amount: expected number, received string. …'
 */
export class TypeCheckError extends StepsterError {
  override readonly name = 'TypeCheckError' as const;
  /** What was checked, e.g. `output "rows" of op "fetch_sales"`. */
  readonly subject: string;
  readonly opName: string | undefined;
  readonly outputName: string | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(target: TypeCheckTarget, issues: readonly ValidationIssue[], options: StepsterErrorOptions = {}) {
    const subject = typeof target === 'string' ? target : `output "${target.outputName}" of op "${target.opName}"`;
    const lines = formatValidationIssues(issues);
    super(
      `Type check failed for ${subject}: ${lines.length > 0 ? lines.join('; ') : 'the value was rejected'}. ` +
        `Return a value that matches the output's Out({ schema }), or change the schema.`,
      options,
    );
    this.subject = subject;
    this.opName = typeof target === 'string' ? undefined : target.opName;
    this.outputName = typeof target === 'string' ? undefined : target.outputName;
    this.issues = Object.freeze(issues.map((i) => Object.freeze({ path: i.path, message: i.message })));
  }

  /**
   * Builds the error from a zod 4 error (kept as the cause); paths are rooted at `value`.
   *
   * @example
   * const parsed = schema.safeParse(value);
   * if (!parsed.success) throw TypeCheckError.fromZodError({ opName: 'fetch_sales', outputName: 'rows' }, parsed.error);
   */
  static fromZodError(target: TypeCheckTarget, zodError: ZodIssueSource): TypeCheckError {
    return new TypeCheckError(target, validationIssuesFromZod('value', zodError), { cause: zodError });
  }
}
