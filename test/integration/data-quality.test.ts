import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asset, materialize, VALIDATION_WARNINGS_METADATA_KEY, validateAndFilter } from 'stepster';

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
