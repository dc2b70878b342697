import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AssetIn,
  asset,
  materialize,
  VALIDATION_WARNINGS_METADATA_KEY,
  validateAndFilter,
  zodAssetCheck,
} from 'stepster';

const SalesRow = z.object({ sale_id: z.number().int(), price: z.number().nonnegative() });

describe('validateAndFilter in an asset (seed 001, pattern 1)', () => {
  it('drops invalid rows, logs a warning and puts every error on the materialization', async () => {
    // Prepare
    const salesTransform = asset({ name: 'dq_sales_transform' }, async (context) =>
      validateAndFilter(
        context,
        [
          { sale_id: 1, price: 10 },
          { sale_id: 2, price: -1 },
          { sale_id: 3, price: 4 },
        ],
        SalesRow,
      ),
    );

    // Act
    const result = await materialize([salesTransform]);

    // Assess
    expect(result.assetValue('dq_sales_transform')).toEqual([
      { sale_id: 1, price: 10 },
      { sale_id: 3, price: 4 },
    ]);
    const warning = result.events.find((e) => e.eventType === 'LOG_MESSAGE' && e.level === 'WARNING');
    expect(warning?.message).toContain('Filtered 1 invalid rows (1 errors)');
    const materialization = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect(materialization?.data).toMatchObject({
      metadata: {
        [VALIDATION_WARNINGS_METADATA_KEY]: {
          type: 'json',
          value: { removed_rows: 1, error_count: 1, errors: [expect.objectContaining({ index: 1, path: 'price' })] },
        },
      },
    });
  });

  it('adds nothing when every row is valid', async () => {
    // Prepare
    const clean = asset({ name: 'dq_clean' }, async (context) =>
      validateAndFilter(context, [{ sale_id: 1, price: 1 }], SalesRow),
    );

    // Act
    const result = await materialize([clean]);

    // Assess
    expect(result.events.some((e) => e.level === 'WARNING')).toBe(false);
    const materialization = result.events.find((e) => e.eventType === 'ASSET_MATERIALIZATION');
    expect((materialization?.data as { metadata?: unknown } | undefined)?.metadata).toEqual({});
  });
});

describe("zodAssetCheck (the seed's pandera_asset_check)", () => {
  it('named check_<asset>_schema; a blocking failure keeps the downstream from materializing', async () => {
    // Prepare
    const sales = asset({ name: 'zc_sales' }, async () => [
      { sale_id: 1, price: 3 },
      { sale_id: 'two', price: -1 },
    ]);
    const report = asset({ name: 'zc_report', ins: { sales: AssetIn('zc_sales') } }, async () => 'sent');
    const check = zodAssetCheck({ asset: sales, schema: SalesRow, blocking: true });

    // Act
    const result = await materialize([sales, report, check], { raiseOnError: false });

    // Assess
    expect(check.assetCheck.name).toBe('check_zc_sales_schema');
    expect(result.success).toBe(false);
    const evaluation = result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION');
    expect(evaluation?.data).toMatchObject({
      checkName: 'check_zc_sales_schema',
      passed: false,
      metadata: { row_count: { value: 2 }, error_count: { value: 2 }, invalid_row_count: { value: 1 } },
    });
    expect(result.events.some((e) => e.stepKey === 'zc_report' && e.eventType === 'STEP_START')).toBe(false);
  });

  it('passes on valid rows without listing errors', async () => {
    // Prepare
    const sales = asset({ name: 'zc_clean' }, async () => [{ sale_id: 1, price: 3 }]);
    const check = zodAssetCheck({ asset: sales, schema: SalesRow });

    // Act
    const result = await materialize([sales, check]);

    // Assess
    const evaluation = result.events.find((e) => e.eventType === 'ASSET_CHECK_EVALUATION');
    expect(evaluation?.data).toMatchObject({ passed: true });
    expect(Object.keys((evaluation?.data?.metadata as object) ?? {})).not.toContain('errors');
  });
});
