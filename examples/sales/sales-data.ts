import { z } from 'zod';

/** One sales row, as the example pipeline loads it. */
export const SaleRow = z.object({
  orderId: z.string(),
  region: z.string(),
  product: z.string(),
  quantity: z.number().int().nonnegative(),
  unitPrice: z.number().nonnegative(),
});
export type SaleRow = z.infer<typeof SaleRow>;

const REGIONS = ['north', 'south', 'east', 'west'] as const;
const PRODUCTS = [
  { name: 'espresso machine', price: 349 },
  { name: 'grinder', price: 129 },
  { name: 'milk frother', price: 59 },
  { name: 'beans 1kg', price: 24 },
] as const;

/** Deterministic stand-in for a sales export: the same date always gives the same rows. */
export function salesExportFor(date: string, rows = 24): SaleRow[] {
  let seed = [...date].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: rows }, (_, i) => {
    const product = PRODUCTS[Math.floor(next() * PRODUCTS.length)] ?? PRODUCTS[0];
    return {
      orderId: `${date}-${String(i + 1).padStart(4, '0')}`,
      region: REGIONS[Math.floor(next() * REGIONS.length)] ?? 'north',
      product: product.name,
      quantity: 1 + Math.floor(next() * 5),
      unitPrice: product.price,
    };
  });
}
