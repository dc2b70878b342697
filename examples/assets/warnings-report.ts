import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AssetIn, asset, MetadataValue } from 'stepster';
import { pathsOf } from './paths-resource.js';
import type { SalesTransformRow } from './sales-assets.js';

/** What a clean `sales_transform` row must satisfy (seed 001's `SalesTransformSchema`). */
export const SalesTransformSchema = z.object({
  orderId: z.string().min(1),
  region: z.string().min(1, 'region is empty'),
  product: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: z.number().positive(),
  revenue: z.number().positive(),
});

/** One validation warning: which asset, row and column, the check that failed and the value. */
export interface ValidationWarning {
  readonly asset: string;
  readonly row: number;
  readonly column: string;
  readonly check: string;
  readonly failureCase: unknown;
}

/** The report's value: clean, or how many warnings the file holds. */
export interface WarningsReport {
  readonly status: 'clean' | 'warnings';
  readonly warningCount: number;
}

// How many warnings the materialization shows inline; the file has them all.
const PREVIEW_WARNINGS = 10;

/**
 * Every problem of every row, not just the first (Pandera's lazy validation): zod reports
 * each failing field of each row with its path `[row, column]`.
 */
export function validateLazy(
  assetKey: string,
  rows: readonly Record<string, unknown>[],
  schema: z.ZodType,
): ValidationWarning[] {
  const parsed = z.array(schema).safeParse(rows);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const [row, column] = issue.path;
    const index = typeof row === 'number' ? row : -1;
    const name = column === undefined ? '(row)' : String(column);
    return {
      asset: assetKey,
      row: index,
      column: name,
      check: issue.message,
      failureCase: column === undefined ? rows[index] : rows[index]?.[name],
    };
  });
}

/**
 * Seed 001, pattern 4: a dedicated asset that validates the transform and always writes a
 * warnings file (through the `paths` resource) that downstream consumers can read.
 */
export const validationWarningsReport = asset(
  {
    name: 'validation_warnings_report',
    group: 'quality',
    kinds: ['validation', 'report'],
    description: 'Validates sales_transform and writes validation_warnings.json',
    ins: { sales: AssetIn('sales_transform') },
    requiredResourceKeys: ['paths'],
  },
  async (context, { sales }): Promise<WarningsReport> => {
    const paths = pathsOf(context);
    const warnings = validateLazy('sales_transform', sales as SalesTransformRow[], SalesTransformSchema);
    if (warnings.length === 0) {
      context.log.info('All transforms passed validation');
      context.addOutputMetadata({ warning_count: 0 });
      return { status: 'clean', warningCount: 0 };
    }
    await mkdir(paths.outputDir, { recursive: true });
    const warningsPath = join(paths.outputDir, 'validation_warnings.json');
    await writeFile(warningsPath, `${JSON.stringify(warnings, null, 2)}\n`);
    context.log.warning(`Found ${warnings.length} validation warnings`);
    context.addOutputMetadata({
      warning_count: warnings.length,
      warnings_file: MetadataValue.path(warningsPath),
      warnings_preview: MetadataValue.json(warnings.slice(0, PREVIEW_WARNINGS)),
    });
    return { status: 'warnings', warningCount: warnings.length };
  },
);
