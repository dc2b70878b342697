import { describeValue } from '../errors/describe-value.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from '../metadata/asset-key.js';
import type { RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import { DataVersion } from './data-version.js';

/** Options of {@link AssetMaterialization} and {@link AssetObservation}. */
export interface AssetEventOptions {
  /** The asset: one string (`'s3.my_asset'`) or path components (`['warehouse', 'sales']`). */
  assetKey: AssetKeyInput;
  description?: string;
  /** The partition written or observed, e.g. `'2026-11-01'`. */
  partition?: string;
  metadata?: RawMetadata;
  /** The version of the asset's data this event saw (an observable source's observation carries one). */
  dataVersion?: DataVersion;
}

/** `data` of ASSET_MATERIALIZATION / ASSET_OBSERVATION; absent fields are `null`. */
export type AssetEventData = {
  /** The asset key as a user string (components joined by `/`); also the events-by-asset index key. */
  assetKey: string;
  partition: string | null;
  description: string | null;
  metadata: TypedMetadata;
  /** Present when the event carries a data version. */
  dataVersion?: string;
};

/**
 * Validates the options of an asset event (shared by AssetMaterialization and
 * AssetObservation) and returns the asset key's user string; errors name the event's field.
 *
 * @example
 * compileAssetEventOptions('AssetObservation', { assetKey: ['s3', 'sales'] }) // → 's3/sales'
 */
export function compileAssetEventOptions(eventName: string, options: AssetEventOptions): string {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `${eventName} expects { assetKey, description?, partition?, metadata? }, got ${describeValue(options)}`,
    );
  }
  const assetKey = assetKeyToUserString(options.assetKey);
  if (assetKey === undefined) {
    throw new TypeError(`${eventName}.assetKey must be ${ASSET_KEY_HINT}, got ${describeValue(options.assetKey)}`);
  }
  for (const field of ['description', 'partition'] as const) {
    const value: unknown = options[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`${eventName}.${field} of asset "${assetKey}" must be a string, got ${describeValue(value)}`);
    }
  }
  if (options.dataVersion !== undefined && !(options.dataVersion instanceof DataVersion)) {
    throw new TypeError(
      `${eventName}.dataVersion of asset "${assetKey}" must be a DataVersion, got ${describeValue(options.dataVersion)}`,
    );
  }
  return assetKey;
}
