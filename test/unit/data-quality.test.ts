import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { filterInvalidRows, validateLazy } from 'stepster';

const SalesRow = z.object({
  sale_id: z.number().int(),
  price: z.number().nonnegative(),
  artist: z.string().min(1),
});

const rows = [
  { sale_id: 1, price: 10, artist: 'Hokusai' },
  { sale_id: 2, price: -5, artist: '' },
  { sale_id: 3, price: 7, artist: 'Hiroshige', extra: 'kept' },
  { sale_id: 4.5, price: 1, artist: 'Utamaro' },
];

describe('validateLazy', () => {
  it('collects every error of every row, not just the first', () => {
    // Prepare
    const input = rows;

    // Act
    const result = validateLazy(input, SalesRow);

    // Assess
    expect(result.valid).toBe(false);
    expect(result.errorCount).toBe(3);
    expect(result.invalidIndices).toEqual([1, 3]);
    expect(result.errors.map(({ index, path, code }) => ({ index, path, code }))).toEqual([
      { index: 1, path: 'price', code: 'too_small' },
      { index: 1, path: 'artist', code: 'too_small' },
      { index: 3, path: 'sale_id', code: 'invalid_type' },
    ]);
    expect(result.errors[0]?.message).toMatch(/>=\s*0/);
  });

  it('reports valid rows as valid, with plain JSON results for metadata', () => {
    // Prepare
    const valid = [rows[0], rows[2]];

    // Act
    const result = validateLazy(valid, SalesRow);

    // Assess
    expect(result).toEqual({ valid: true, errorCount: 0, errors: [], invalidIndices: [] });
    expect(JSON.parse(JSON.stringify(validateLazy(rows, SalesRow)))).toEqual(validateLazy(rows, SalesRow));
  });

  it('names nested paths with dots', () => {
    // Prepare
    const Order = z.object({ items: z.array(z.object({ qty: z.number().positive() })) });

    // Act
    const result = validateLazy([{ items: [{ qty: 1 }, { qty: 0 }] }], Order);

    // Assess
    expect(result.errors).toEqual([expect.objectContaining({ index: 0, path: 'items.1.qty' })]);
  });
});

describe('filterInvalidRows', () => {
  it('keeps the valid rows exactly as given, in order, and counts the removed ones', () => {
    // Prepare
    const input = rows;

    // Act
    const { rows: clean, removed } = filterInvalidRows(input, SalesRow);

    // Assess
    expect(removed).toBe(2);
    expect(clean).toEqual([rows[0], rows[2]]);
    // The same objects: zod would strip `extra` from a parsed copy.
    expect(clean[1]).toBe(rows[2]);
  });
});
