import type { z } from 'zod';
import type { RawMetadata } from '../metadata/normalize-metadata.js';
import type { OutputDefinition } from './out.js';

/** An output declared with {@link DynamicOut}: its value is a list of `DynamicOutput` items. */
export type DynamicOutputDefinition<S extends z.ZodType | undefined = z.ZodType | undefined> = OutputDefinition<S> & {
  readonly dynamic: true;
};

/**
 * Declares a dynamic output, like Dagster's `DynamicOut`: the op yields `DynamicOutput` items
 * for it, and `.map(op)` on its handle runs `op` once per item (steps `op[mappingKey]`), in a
 * Step Functions Map state. `schema` checks each item's value.
 *
 * @example
 * const files = op({ name: 'files', out: { items: DynamicOut() } }, async function* () {
 *   for (const f of ['a', 'b']) yield new DynamicOutput(f, { mappingKey: f, outputName: 'items' });
 * });
 */
export function DynamicOut<S extends z.ZodType | undefined = undefined>(
  options: { description?: string; schema?: S; isRequired?: boolean; metadata?: RawMetadata } = {},
): DynamicOutputDefinition<S> {
  return Object.freeze({
    kind: 'output' as const,
    ...options,
    isRequired: options.isRequired ?? true,
    dynamic: true as const,
  });
}
