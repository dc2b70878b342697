import type { z } from 'zod';

/** What {@link filterInvalidRows} keeps and how many rows it removed. */
export interface FilteredRows<Row> {
  /** The rows that passed, in their input order, exactly as given. */
  readonly rows: Row[];
  readonly removed: number;
}

/**
 * Keeps the rows that pass a row schema and counts the rest, as the seed's `filter_invalid_rows`
 * (pattern 1 of "Data Quality Warnings"). Kept rows are the input objects themselves, not zod's
 * parsed copies: parsing strips unknown keys and applies defaults, which would silently change
 * the data a filter is only meant to select.
 *
 * @example
 * const { rows: clean, removed } = filterInvalidRows(rows, SalesRow);
 * if (removed > 0) context.log.warning(`Filtered ${removed} invalid rows`);
 */
export function filterInvalidRows<Row>(rows: readonly Row[], schema: z.ZodType): FilteredRows<Row> {
  const kept = rows.filter((row) => schema.safeParse(row).success);
  return { rows: kept, removed: rows.length - kept.length };
}
