import type { z } from 'zod';
import type { RawMetadata } from '../metadata/normalize-metadata.js';

/** Declares an op output. */
export interface OutputDefinition<S extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly kind: 'output';
  readonly description?: string;
  /** The output's type check (Dagster type): the value must parse with this zod schema. */
  readonly schema?: S;
  /**
   * When false the op may skip this output; ops that read it are then skipped (STEP_SKIPPED).
   * @default true
   */
  readonly isRequired: boolean;
  /** Static metadata recorded with every STEP_OUTPUT of this output. */
  readonly metadata?: RawMetadata;
  /**
   * The resource key of the IO manager that stores this output, e.g. an `s3IoManager` for a
   * large one. Unset: the `io_manager` resource, else the event log.
   * @default 'io_manager'
   */
  readonly ioManagerKey?: string;
  /** Set by `DynamicOut()`: the op yields `DynamicOutput` items, each mapped to its own step. */
  readonly dynamic?: boolean;
}

/**
 * Declares an op output, like Dagster's `Out`.
 *
 * @example
 * out: { rows: Out({ schema: z.array(Row) }), rejected: Out({ isRequired: false }) }
 * out: { scan: Out({ ioManagerKey: 'big_io' }) } // with resources: { big_io: s3IoManager({ bucket }) }
 */
export function Out<S extends z.ZodType | undefined = undefined>(
  options: {
    description?: string;
    schema?: S;
    isRequired?: boolean;
    metadata?: RawMetadata;
    ioManagerKey?: string;
  } = {},
): OutputDefinition<S> {
  return Object.freeze({ kind: 'output' as const, ...options, isRequired: options.isRequired ?? true });
}

/** Dagster's name for the single output of an op that declares none. */
export const DEFAULT_OUTPUT_NAME = 'result';
