import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AssetIn, asset, MetadataValue, tablePreviewMetadata } from 'stepster';
import { salesExportFor } from '../sales/sales-data.js';

/** A row as the source system exports it: messy rows (no region, a refund as a negative price) happen. */
export const RawSaleRow = z.object({
  orderId: z.string(),
  region: z.string(),
  product: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
});
export type RawSaleRow = z.infer<typeof RawSaleRow>;

/** A row of `sales_transform`: the export row and its revenue. */
export type SalesTransformRow = RawSaleRow & { readonly revenue: number };

// Seed 001 flags rows above a price threshold; here an order above this revenue is high value.
export const HIGH_VALUE_REVENUE = 1000;

// What a real export sends now and then: the warnings report (pattern 4) finds these.
const MESSY_ROWS: readonly RawSaleRow[] = [
  { orderId: 'manual-0001', region: '', product: 'grinder', quantity: 1, unitPrice: 129 },
  { orderId: 'manual-0002', region: 'north', product: 'beans 1kg', quantity: 0, unitPrice: -24 },
];

/** The day's sales export, as received (seed 001's source asset). */
export const rawSales = asset(
  {
    name: 'raw_sales',
    group: 'sales',
    kinds: ['json'],
    description: "One day's sales export, as the source system sends it",
    config: z.object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
        .default('2026-11-01'),
    }),
  },
  async (context): Promise<RawSaleRow[]> => {
    const rows = [...salesExportFor(context.opConfig.date), ...MESSY_ROWS];
    context.log.info(`Loaded ${rows.length} rows of the ${context.opConfig.date} export`);
    return rows;
  },
);

/**
 * Seed 001's `sales_transform`: logs at several levels, times itself, and puts the elapsed
 * time, counts and a table preview on its materialization (`context.addOutputMetadata`).
 */
export const salesTransform = asset(
  {
    name: 'sales_transform',
    group: 'sales',
    kinds: ['typescript'],
    description: 'Sales rows with their revenue',
    ins: { raw: AssetIn('raw_sales', { schema: z.array(RawSaleRow) }) },
  },
  async (context, { raw }): Promise<SalesTransformRow[]> => {
    const start = performance.now();
    context.log.debug(`Columns: ${Object.keys(raw[0] ?? {}).join(', ')}`);
    context.log.info(`Transforming ${raw.length.toLocaleString('en')} records`);
    const result = raw.map((row) => ({ ...row, revenue: row.quantity * row.unitPrice }));
    const suspicious = result.filter((row) => row.region === '' || row.revenue <= 0).length;
    if (suspicious > 0) {
      context.log.warning(`${suspicious} rows have no region or no revenue; the warnings report lists them`);
    }
    const elapsedMs = performance.now() - start;
    context.log.info(`Completed transformation in ${elapsedMs.toFixed(1)}ms`);
    context.addOutputMetadata({
      ...tablePreviewMetadata(result),
      high_value_count: result.filter((row) => row.revenue > HIGH_VALUE_REVENUE).length,
      // float even when it rounds to a whole number, so every materialization stores one type
      processing_time_ms: MetadataValue.float(Math.round(elapsedMs * 100) / 100),
    });
    return result;
  },
);
