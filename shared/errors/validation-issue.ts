import type { z } from 'zod';
import { formatPropertyPath } from './property-path.js';

/** One reason a value did not validate, e.g. `{ path: 'runConfig.ops.a.config.date', message: 'expected string, received number' }`. */
export type ValidationIssue = { readonly path: string; readonly message: string };

/** What we read from a zod 4 `ZodError` (its issues); any `safeParse(...).error` fits. */
export type ZodIssueSource = { readonly issues: readonly z.core.$ZodIssue[] };

/** Issues listed in an error message; the rest are counted, so a 10,000-row mismatch stays readable. */
const MAX_LISTED_ISSUES = 10;

/**
 * Converts zod 4 issues into `{ path, message }` pairs, paths rooted at `rootPath`.
 * zod's "Invalid input: " prefix is dropped (the path already says where), and each
 * unrecognized key becomes its own issue at the key's path.
 *
 * @example
 * validationIssuesFromZod('runConfig.ops.fetch_sales.config', schema.safeParse(input).error!)
 * // → [{ path: 'runConfig.ops.fetch_sales.config.date', message: 'expected string, received number' }]
 */
export function validationIssuesFromZod(rootPath: string, source: ZodIssueSource): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of source.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: pathOrRoot(formatPropertyPath(rootPath, [...issue.path, key])),
          message: 'unrecognized key: remove it or check its spelling',
        });
      }
      continue;
    }
    issues.push({
      path: pathOrRoot(formatPropertyPath(rootPath, issue.path)),
      message: issue.message.replace(/^Invalid input: /, ''),
    });
  }
  return issues;
}

/**
 * Formats issues as `path: message` lines, at most ten, then "… and N more".
 *
 * @example
 * formatValidationIssues([{ path: 'value[0].id', message: 'expected number, received string' }])
 * // → ['value[0].id: expected number, received string']
 */
export function formatValidationIssues(issues: readonly ValidationIssue[]): string[] {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`… and ${issues.length - MAX_LISTED_ISSUES} more`);
  return lines;
}

function pathOrRoot(path: string): string {
  return path === '' ? '(root)' : path;
}
