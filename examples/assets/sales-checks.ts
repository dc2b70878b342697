import { z } from 'zod';
import { AssetCheckResult, assetCheck, MetadataValue, validateLazy, zodAssetCheck } from 'stepster';
import { salesTransform } from './sales-assets.js';
import { SalesTransformSchema } from './warnings-report.js';

/** The columns and types every `sales_transform` row must have: what downstream code relies on. */
export const SalesTransformShape = z.object({
  orderId: z.string(),
  region: z.string(),
  product: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  revenue: z.number(),
});

/**
 * Seed 001, "Blocking Asset Checks": a schema the rows must match. When it fails, nothing
 * downstream of `sales_transform` materializes and the run fails (the seed's
 * `pandera_asset_check` factory is `zodAssetCheck`).
 */
export const checkSalesSchema = zodAssetCheck({
  name: 'check_sales_schema',
  asset: salesTransform,
  schema: SalesTransformShape,
  blocking: true,
});

/**
 * Seed 001, pattern 2 ("Non-Blocking Asset Check"): business rules (a region, a positive
 * quantity and price) checked on every row. A failure is recorded with every error and the run
 * goes on; the warnings report and a sensor can act on it.
 */
export const checkSalesDataQuality = assetCheck(
  {
    name: 'check_sales_data_quality',
    asset: salesTransform,
    description: 'Warn about data quality issues without stopping the pipeline',
  },
  (_context, value) => {
    const result = validateLazy(value as unknown[], SalesTransformSchema);
    return new AssetCheckResult({
      passed: result.valid,
      metadata: {
        error_count: result.errorCount,
        ...(result.errors.length > 0 ? { errors: MetadataValue.json(result.errors) } : {}),
        invalid_row_count: result.invalidIndices.length,
      },
    });
  },
);

/** The checks of the sales assets. */
export const salesChecks = [checkSalesSchema, checkSalesDataQuality];
