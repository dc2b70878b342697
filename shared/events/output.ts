import { describeValue } from '../errors/describe-value.js';
import { DataVersion } from './data-version.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import { EventType } from './event-type.js';
import { eventWhere } from './event-where.js';

// Dagster's default output name. Not exported: definitions/out.ts owns the public constant.
const DEFAULT_OUTPUT_NAME = 'result';

/** Options of {@link Output}. */
export interface OutputOptions {
  /**
   * The output this value is for; must be one the op declares.
   * @default 'result'
   */
  outputName?: string;
  /** Metadata recorded with the STEP_OUTPUT event. */
  metadata?: RawMetadata;
  /**
   * The data version of an asset's output, recorded on its ASSET_MATERIALIZATION.
   * @default a hash of the stored output
   */
  dataVersion?: DataVersion;
}

/** STEP_OUTPUT `data` written for an {@link Output} (the value itself goes to the IO manager). */
export type OutputEventData = { outputName: string; metadata: TypedMetadata };

/**
 * An op's output value with its name and metadata, returned or yielded from an op body,
 * as Dagster's `Output`.
 *
 * @example
 * return new Output(rows, { metadata: { rowCount: rows.length } });
 * @example
 * yield new Output(5, { outputName: 'count' });
 */
export class Output<T = unknown> {
  readonly eventType: typeof EventType.STEP_OUTPUT = EventType.STEP_OUTPUT;
  readonly value: T;
  /** @default 'result' */
  readonly outputName: string;
  readonly metadata: RawMetadata | undefined;
  /** @default undefined (an asset's version is then a hash of its stored output) */
  readonly dataVersion: DataVersion | undefined;

  constructor(value: T, options: OutputOptions = {}) {
    const { outputName = DEFAULT_OUTPUT_NAME, metadata, dataVersion } = options;
    if (typeof outputName !== 'string' || outputName === '') {
      throw new TypeError(`Output.outputName must be a non-empty string, got ${describeValue(outputName)}`);
    }
    if (dataVersion !== undefined && !(dataVersion instanceof DataVersion)) {
      throw new TypeError(
        `Output.dataVersion must be a DataVersion (new DataVersion('v1')), got ${describeValue(dataVersion)}`,
      );
    }
    this.value = value;
    this.outputName = outputName;
    this.metadata = metadata;
    this.dataVersion = dataVersion;
  }

  /**
   * The STEP_OUTPUT `data` payload, `{ outputName, metadata }`, metadata in stored form.
   *
   * @param where Where the output was produced, e.g. `op "load"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   * @example
   * new Output(rows, { metadata: { n: 3 } }).toEventData('op "load"')
   * // → { outputName: 'result', metadata: { n: { type: 'int', value: 3 } } }
   */
  toEventData(where: string): OutputEventData {
    return {
      outputName: this.outputName,
      metadata: normalizeMetadata(this.metadata, eventWhere(`Output "${this.outputName}"`, where)),
    };
  }
}
