import type { ValidationIssue } from '../errors/validation-issue.js';
import { formatValidationIssues } from '../errors/validation-issue.js';
import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';

/**
 * A resource's config did not resolve or validate: a missing environment variable, a value of
 * the wrong type, an unknown field. Each issue names the field by its path
 * (`resources.smtp.config.port`). Raised before any op runs (run start) or at synth.
 *
 * @example
 * new ResourceConfigError([{ path: 'resources.smtp.config.host', message: 'environment variable SMTP_HOST is not set' }]).message
 * // → 'Invalid resource config: resources.smtp.config.host: environment variable SMTP_HOST is not set'
 */
export class ResourceConfigError extends StepsterError {
  override readonly name = 'ResourceConfigError' as const;
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: StepsterErrorOptions = {}) {
    super(resourceConfigMessage(issues), options);
    this.issues = Object.freeze(issues.map((i) => Object.freeze({ path: i.path, message: i.message })));
  }
}

function resourceConfigMessage(issues: readonly ValidationIssue[]): string {
  const lines = formatValidationIssues(issues);
  if (lines.length === 1) return `Invalid resource config: ${lines[0]}`;
  return `Invalid resource config (${issues.length} issues):\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}
