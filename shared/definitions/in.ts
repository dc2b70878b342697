import type { z } from 'zod';

/** Declares an op input. */
export interface InputDefinition<S extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly kind: 'input';
  readonly description?: string;
  /** Checked when the input is loaded, like a Dagster type check on an input. */
  readonly schema?: S;
}

/**
 * Declares an op input, like Dagster's `In`.
 *
 * @example
 * const transform = op({ name: 'transform', ins: { rows: In() } }, async (_ctx, { rows }) => rows);
 */
export function In<S extends z.ZodType | undefined = undefined>(
  options: { description?: string; schema?: S } = {},
): InputDefinition<S> {
  return Object.freeze({ kind: 'input' as const, ...options });
}
