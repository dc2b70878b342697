import { describeValue } from '../errors/describe-value.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import { EventType } from './event-type.js';
import { eventWhere } from './event-where.js';

/** Options of {@link ExpectationResult}. */
export interface ExpectationResultOptions {
  success: boolean;
  /**
   * Short name of the expectation.
   * @default 'result'
   */
  label?: string;
  description?: string;
  metadata?: RawMetadata;
}

/** STEP_EXPECTATION_RESULT `data`; an absent description is `null`. */
export type ExpectationResultData = {
  success: boolean;
  label: string;
  description: string | null;
  metadata: TypedMetadata;
};

/**
 * The result of a data quality check run inside an op, as Dagster's `ExpectationResult`.
 *
 * @example
 * context.logEvent(new ExpectationResult({ success: rows.length > 0, description: 'ensure dataframe has rows' }));
 */
export class ExpectationResult {
  readonly eventType: typeof EventType.STEP_EXPECTATION_RESULT = EventType.STEP_EXPECTATION_RESULT;
  readonly success: boolean;
  /** @default 'result' */
  readonly label: string;
  readonly description: string | undefined;
  readonly metadata: RawMetadata | undefined;

  constructor(options: ExpectationResultOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `ExpectationResult expects { success, label?, description?, metadata? }, got ${describeValue(options)}`,
      );
    }
    const { success, label = 'result', description, metadata } = options;
    if (typeof success !== 'boolean') {
      throw new TypeError(`ExpectationResult.success must be true or false, got ${describeValue(success)}`);
    }
    if (typeof label !== 'string' || label === '') {
      throw new TypeError(`ExpectationResult.label must be a non-empty string, got ${describeValue(label)}`);
    }
    if (description !== undefined && typeof description !== 'string') {
      throw new TypeError(`ExpectationResult.description must be a string, got ${describeValue(description)}`);
    }
    this.success = success;
    this.label = label;
    this.description = description;
    this.metadata = metadata;
  }

  /**
   * The STEP_EXPECTATION_RESULT `data` payload, `{ success, label, description, metadata }`.
   *
   * @param where Where the event was emitted, e.g. `op "load"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   * @example
   * new ExpectationResult({ success: true }).toEventData('op "check"')
   * // → { success: true, label: 'result', description: null, metadata: {} }
   */
  toEventData(where: string): ExpectationResultData {
    return {
      success: this.success,
      label: this.label,
      description: this.description ?? null,
      metadata: normalizeMetadata(this.metadata, eventWhere(`ExpectationResult "${this.label}"`, where)),
    };
  }
}
