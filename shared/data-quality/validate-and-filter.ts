import type { z } from 'zod';
import type { OpExecutionContext } from '../definitions/op-execution-context.js';
import { MetadataValue } from '../metadata/metadata-value.js';
import { validateLazy } from './validate-lazy.js';

/** The output-metadata entry {@link validateAndFilter} adds when it removed rows. */
export const VALIDATION_WARNINGS_METADATA_KEY = 'validation_warnings';

/**
 * Filters invalid rows and reports them in one pass (the seed's `validate_and_filter` helper):
 * when rows are removed it logs a warning and adds `validation_warnings` (removed rows, error
 * count and every error) to the step's output metadata, where the UI, sensors and the
 * warnings-report asset read it. Valid input is returned untouched, with nothing logged.
 *
 * @example
 * const salesTransform = asset({ name: 'sales_transform' }, async (context) =>
 *   validateAndFilter(context, transform(), SalesRow));
 */
export function validateAndFilter<Row>(context: OpExecutionContext, rows: readonly Row[], schema: z.ZodType): Row[] {
  const result = validateLazy(rows, schema);
  if (result.valid) return [...rows];
  const invalid = new Set(result.invalidIndices);
  const clean = rows.filter((_row, index) => !invalid.has(index));
  const removed = rows.length - clean.length;
  context.log.warning(`Filtered ${removed} invalid rows (${result.errorCount} errors)`);
  context.addOutputMetadata({
    [VALIDATION_WARNINGS_METADATA_KEY]: MetadataValue.json({
      removed_rows: removed,
      error_count: result.errorCount,
      errors: result.errors,
    }),
  });
  return clean;
}
