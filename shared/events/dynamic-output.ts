import { describeValue } from '../errors/describe-value.js';
import { MappingKeyError } from '../errors/mapping-key-error.js';
import type { RawMetadata } from '../metadata/normalize-metadata.js';

/**
 * Dagster's rule for mapping keys: they end up in step keys (`process[a]`), event-log sort keys
 * and Step Functions' Map items, so they stay within characters all three take unquoted.
 */
export const MAPPING_KEY_PATTERN = /^[A-Za-z0-9_]+$/;

/** Options of {@link DynamicOutput}. */
export interface DynamicOutputOptions {
  /** Names this item's step (`process[<mappingKey>]`); unique per output, `^[A-Za-z0-9_]+$`. */
  mappingKey: string;
  /**
   * The `DynamicOut` output this item belongs to.
   * @default 'result'
   */
  outputName?: string;
  /** Metadata recorded with this item's STEP_OUTPUT event. */
  metadata?: RawMetadata;
}

/**
 * One item of a `DynamicOut` output, yielded (or returned in an array) by an op body, as
 * Dagster's `DynamicOutput`. Each item becomes one mapped step downstream of `.map(...)`.
 *
 * @example
 * yield new DynamicOutput('s3://bucket/a.csv', { mappingKey: 'a', outputName: 'files' });
 */
export class DynamicOutput<T = unknown> {
  readonly value: T;
  readonly mappingKey: string;
  /** @default 'result' */
  readonly outputName: string;
  readonly metadata: RawMetadata | undefined;

  constructor(value: T, options: DynamicOutputOptions) {
    const { mappingKey, outputName = 'result', metadata } = options;
    if (typeof mappingKey !== 'string' || !MAPPING_KEY_PATTERN.test(mappingKey)) {
      throw new MappingKeyError(
        `DynamicOutput mappingKey ${describeValue(mappingKey)} is invalid: a mapping key names a step, so it must match ${MAPPING_KEY_PATTERN} (letters, digits, underscores), e.g. "file_1"`,
      );
    }
    this.value = value;
    this.mappingKey = mappingKey;
    this.outputName = outputName;
    this.metadata = metadata;
  }
}
