import { describeValue } from '../errors/describe-value.js';
import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';

/** Options of {@link Failure}. */
export interface FailureOptions {
  /** What went wrong; becomes the error message. */
  description?: string;
  /** Structured details, stored with the STEP_FAILURE (`data.userFailure.metadata`). */
  metadata?: RawMetadata;
  /**
   * `false` bypasses the op's retry policy: the step fails at once.
   * A {@link RetryRequested} is not affected (it is not a Failure).
   * @default true
   */
  allowRetries?: boolean;
}

/** STEP_FAILURE `data.userFailure`: what a {@link Failure} adds to the stored failure. */
export type UserFailureData = { description: string | null; metadata: TypedMetadata };

/**
 * Thrown from an op body to fail the step with a description and metadata, like Dagster's
 * `Failure`. Metadata is kept raw here and validated when the failure is recorded
 * (so that throwing a Failure never turns into a metadata error at the throw site).
 * It lives with the events, as in Dagster (`dagster/_core/definitions/events.py`): it carries
 * metadata, and `shared/errors` stands below `shared/metadata`.
 *
 * @example
 * throw new Failure({
 *   description: 'No files to process',
 *   metadata: { filepath: MetadataValue.path(path), dashboardUrl: MetadataValue.url('https://example.com/failures') },
 *   allowRetries: false,
 * }, { cause: error });
 */
export class Failure extends StepsterError {
  override readonly name = 'Failure' as const;
  readonly description: string | undefined;
  readonly metadata: RawMetadata;
  readonly allowRetries: boolean;

  constructor(options: FailureOptions = {}, errorOptions: StepsterErrorOptions = {}) {
    const { description, metadata = {}, allowRetries = true } = options;
    if (description !== undefined && typeof description !== 'string') {
      throw new TypeError(`Failure.description must be a string, got ${describeValue(description)}`);
    }
    if (typeof allowRetries !== 'boolean') {
      throw new TypeError(`Failure.allowRetries must be true or false, got ${describeValue(allowRetries)}`);
    }
    super(description ?? '', errorOptions);
    this.description = description;
    this.metadata = metadata;
    this.allowRetries = allowRetries;
  }

  /**
   * The metadata in stored (typed) form. `where` names the op, e.g. `op "load"`;
   * errors then read `metadata key "x" of Failure of op "load" …`.
   *
   * @throws MetadataError when a value cannot be stored.
   * @example
   * failure.normalizedMetadata('op "load"') // → { filepath: { type: 'path', value: '/data' } }
   */
  normalizedMetadata(where: string): TypedMetadata {
    return normalizeMetadata(this.metadata, where === '' ? 'Failure' : `Failure of ${where}`);
  }

  /**
   * The STEP_FAILURE `data.userFailure` payload: `{ description, metadata }`.
   *
   * @example
   * failure.toUserFailureData('op "load"') // → { description: 'No files to process', metadata: { … } }
   */
  toUserFailureData(where: string): UserFailureData {
    return { description: this.description ?? null, metadata: this.normalizedMetadata(where) };
  }
}

/**
 * True for a {@link Failure}, also one from another copy of stepster
 * (two bundles of the package in one process), recognised by name and fields.
 */
export function isFailure(error: unknown): error is Failure {
  if (error instanceof Failure) return true;
  if (!(error instanceof Error) || error.name !== 'Failure') return false;
  return typeof (error as Error & { allowRetries?: unknown }).allowRetries === 'boolean';
}
