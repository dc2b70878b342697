import { z } from 'zod';
import {
  AssetMaterialization,
  AssetObservation,
  ExpectationResult,
  In,
  job,
  MetadataValue,
  Out,
  Output,
  op,
  RetryPolicy,
  Backoff,
  TableColumn,
  TableSchema,
} from 'stepster';
import { SaleRow, salesExportFor } from './sales-data.js';

/** Loads one day of sales from the (simulated) export and observes the raw data. */
export const fetchSales = op(
  {
    name: 'fetch_sales',
    description: 'Load one day of sales rows from the export',
    config: z.object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
        .default('2026-11-01'),
    }),
    out: { rows: Out({ schema: z.array(SaleRow) }) },
    retryPolicy: new RetryPolicy({ maxRetries: 2, delay: 1, backoff: Backoff.EXPONENTIAL }),
  },
  async (context) => {
    const { date } = context.opConfig;
    context.log.info(`loading sales for ${date}`);
    const rows = salesExportFor(date);
    context.logEvent(
      new AssetObservation({ assetKey: 'raw_sales', partition: date, metadata: { numRows: rows.length } }),
    );
    return new Output(rows, {
      metadata: { rowCount: rows.length, source: MetadataValue.path(`s3://sales-exports/${date}.csv`) },
    });
  },
);

const RegionTotal = z.object({ region: z.string(), orders: z.number(), revenue: z.number() });

/** Aggregates revenue per region; checks the data and records the table it wrote. */
export const transformSales = op(
  {
    name: 'transform',
    ins: { rows: In({ schema: z.array(SaleRow) }) },
    out: { totals: Out({ schema: z.array(RegionTotal) }) },
  },
  async function* (context, { rows }) {
    const byRegion = new Map<string, { orders: number; revenue: number }>();
    for (const row of rows) {
      const t = byRegion.get(row.region) ?? { orders: 0, revenue: 0 };
      t.orders += 1;
      t.revenue += row.quantity * row.unitPrice;
      byRegion.set(row.region, t);
    }
    const totals = [...byRegion.entries()]
      .map(([region, t]) => ({ region, orders: t.orders, revenue: Math.round(t.revenue * 100) / 100 }))
      .sort((a, b) => b.revenue - a.revenue);
    yield new ExpectationResult({
      success: totals.every((t) => t.revenue > 0),
      label: 'positive_revenue',
      description: 'every region has positive revenue',
      metadata: { regions: totals.length },
    });
    context.log.info(`aggregated ${rows.length} rows into ${totals.length} regions`);
    yield new AssetMaterialization({
      assetKey: ['warehouse', 'sales_by_region'],
      description: 'Revenue per region',
      metadata: {
        preview: MetadataValue.md(
          [
            '| region | orders | revenue |',
            '| --- | --- | --- |',
            ...totals.map((t) => `| ${t.region} | ${t.orders} | ${t.revenue} |`),
          ].join('\n'),
        ),
        schema: MetadataValue.tableSchema(
          new TableSchema({
            columns: [
              new TableColumn({ name: 'region', type: 'string' }),
              new TableColumn({ name: 'orders', type: 'int' }),
              new TableColumn({ name: 'revenue', type: 'float' }),
            ],
          }),
        ),
        record_count: totals.length,
      },
    });
    yield new Output(totals, { metadata: { regions: totals.length } });
  },
);

/** Writes the summary report and attaches headline numbers to its output. */
export const summaryReport = op({ name: 'summary_report', ins: { totals: In() } }, async (context, { totals }) => {
  const rows = totals as z.infer<typeof RegionTotal>[];
  const revenue = rows.reduce((s, t) => s + t.revenue, 0);
  const top = rows[0]?.region ?? 'none';
  context.log.info(`total revenue ${revenue.toFixed(2)}, top region ${top}`);
  context.addOutputMetadata({
    totalRevenue: Math.round(revenue * 100) / 100,
    topRegion: top,
    report: MetadataValue.url('https://example.com/reports/sales'),
  });
  return { totalRevenue: revenue, topRegion: top, regions: rows.length };
});

/** The main example: sales rows → totals per region → summary report. */
export const salesJob = job(
  {
    name: 'sales_job',
    description: 'Daily sales: load, aggregate per region, report',
    tags: { team: 'data', domain: 'sales' },
    metadata: { owner: 'data team', docs: MetadataValue.url('https://example.com/docs/sales_job') },
  },
  () => {
    summaryReport(transformSales(fetchSales()));
  },
);
