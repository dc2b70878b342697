import { describeValue } from '../errors/describe-value.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import { EventType } from './event-type.js';
import { eventWhere } from './event-where.js';

/** How bad a failed asset check is, as Dagster's `AssetCheckSeverity`. */
export const AssetCheckSeverity = {
  ERROR: 'ERROR',
  WARN: 'WARN',
} as const;

export type AssetCheckSeverity = (typeof AssetCheckSeverity)[keyof typeof AssetCheckSeverity];

/** Options of {@link AssetCheckResult}. */
export interface AssetCheckResultOptions {
  passed: boolean;
  checkName?: string;
  /** The checked asset: one string or path components. */
  assetKey?: AssetKeyInput;
  description?: string;
  metadata?: RawMetadata;
  /**
   * Severity when the check did not pass.
   * @default AssetCheckSeverity.ERROR
   */
  severity?: AssetCheckSeverity;
}

/** ASSET_CHECK_EVALUATION `data`; absent fields are `null`. */
export type AssetCheckEvaluationData = {
  assetKey: string | null;
  checkName: string | null;
  passed: boolean;
  severity: AssetCheckSeverity;
  description: string | null;
  metadata: TypedMetadata;
};

/**
 * The outcome of an asset check, as Dagster's `AssetCheckResult`.
 *
 * @example
 * context.logEvent(new AssetCheckResult({
 *   passed: nulls === 0,
 *   checkName: 'no_null_ids',
 *   assetKey: 'raw_sales',
 *   severity: AssetCheckSeverity.WARN,
 *   metadata: { nulls },
 * }));
 */
export class AssetCheckResult {
  readonly eventType: typeof EventType.ASSET_CHECK_EVALUATION = EventType.ASSET_CHECK_EVALUATION;
  readonly passed: boolean;
  readonly checkName: string | undefined;
  /** The asset key as a user string (components joined by `/`). */
  readonly assetKey: string | undefined;
  readonly description: string | undefined;
  readonly metadata: RawMetadata | undefined;
  /** @default AssetCheckSeverity.ERROR */
  readonly severity: AssetCheckSeverity;

  constructor(options: AssetCheckResultOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `AssetCheckResult expects { passed, checkName?, assetKey?, metadata?, severity? }, got ${describeValue(options)}`,
      );
    }
    const { passed, checkName, assetKey, description, metadata, severity = AssetCheckSeverity.ERROR } = options;
    if (typeof passed !== 'boolean') {
      throw new TypeError(`AssetCheckResult.passed must be true or false, got ${describeValue(passed)}`);
    }
    if (checkName !== undefined && (typeof checkName !== 'string' || checkName === '')) {
      throw new TypeError(`AssetCheckResult.checkName must be a non-empty string, got ${describeValue(checkName)}`);
    }
    if (description !== undefined && typeof description !== 'string') {
      throw new TypeError(`AssetCheckResult.description must be a string, got ${describeValue(description)}`);
    }
    const allowed: readonly string[] = Object.values(AssetCheckSeverity);
    if (!allowed.includes(severity)) {
      throw new TypeError(
        `AssetCheckResult.severity must be one of ${allowed.map((s) => `AssetCheckSeverity.${s}`).join(', ')}, got ${describeValue(severity)}`,
      );
    }
    let key: string | undefined;
    if (assetKey !== undefined) {
      key = assetKeyToUserString(assetKey);
      if (key === undefined) {
        throw new TypeError(`AssetCheckResult.assetKey must be ${ASSET_KEY_HINT}, got ${describeValue(assetKey)}`);
      }
    }
    this.passed = passed;
    this.checkName = checkName;
    this.assetKey = key;
    this.description = description;
    this.metadata = metadata;
    this.severity = severity;
  }

  /**
   * The ASSET_CHECK_EVALUATION `data` payload.
   *
   * @param where Where the event was emitted, e.g. `op "check"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   * @example
   * new AssetCheckResult({ passed: false, checkName: 'fresh' }).toEventData('op "check"')
   * // → { assetKey: null, checkName: 'fresh', passed: false, severity: 'ERROR', description: null, metadata: {} }
   */
  toEventData(where: string): AssetCheckEvaluationData {
    const label = this.checkName ?? this.assetKey;
    return {
      assetKey: this.assetKey ?? null,
      checkName: this.checkName ?? null,
      passed: this.passed,
      severity: this.severity,
      description: this.description ?? null,
      metadata: normalizeMetadata(
        this.metadata,
        eventWhere(label === undefined ? 'AssetCheckResult' : `AssetCheckResult "${label}"`, where),
      ),
    };
  }
}
