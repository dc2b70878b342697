import type { z } from 'zod';

/** One problem of one row, as {@link validateLazy} reports it. */
export interface RowError {
  /** The row's index in the input. */
  readonly index: number;
  /** Where in the row: `'price'`, `'items.0.qty'`; `''` for the row itself. */
  readonly path: string;
  readonly message: string;
  /** zod's issue code (`'invalid_type'`, `'too_small'`, ...): the check that failed. */
  readonly code: string;
}

/** What {@link validateLazy} found: every error of every row, not just the first. */
export interface ValidationResult {
  /** Whether every row passed. */
  readonly valid: boolean;
  /** Errors in total (a row may have several). */
  readonly errorCount: number;
  /** In row order, then in the order zod reports a row's issues. */
  readonly errors: readonly RowError[];
  /** Indices of the rows that failed, ascending. */
  readonly invalidIndices: readonly number[];
}

/**
 * Validates every row against a row schema and collects all errors before returning, like
 * Pandera's lazy validation in seed 001: a full picture of messy source data, for warnings
 * and non-blocking checks rather than a failure on the first bad row. The result is plain
 * JSON, so it can go straight into `MetadataValue.json(...)`.
 *
 * @example
 * const SalesRow = z.object({ sale_id: z.number().int(), price: z.number().nonnegative() });
 * const result = validateLazy(rows, SalesRow);
 * if (!result.valid) context.log.warning(`Found ${result.errorCount} issues in ${result.invalidIndices.length} rows`);
 */
export function validateLazy(rows: readonly unknown[], schema: z.ZodType): ValidationResult {
  const errors: RowError[] = [];
  const invalidIndices: number[] = [];
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return;
    invalidIndices.push(index);
    for (const issue of parsed.error.issues) {
      errors.push({ index, path: issue.path.map(String).join('.'), message: issue.message, code: issue.code });
    }
  });
  return { valid: errors.length === 0, errorCount: errors.length, errors, invalidIndices };
}
