import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { type AssetEventData, type AssetEventOptions, compileAssetEventOptions } from './asset-event-options.js';
import { EventType } from './event-type.js';
import { eventWhere } from './event-where.js';

/**
 * Tells stepster that the op wrote (materialized) an asset in an external system, as
 * Dagster's `AssetMaterialization`. Log it with `context.logEvent(...)` or yield it.
 *
 * @example
 * context.logEvent(new AssetMaterialization({
 *   assetKey: 's3.my_asset',
 *   description: 'A df I stored in s3',
 *   metadata: { path: MetadataValue.path(remotePath), rows: 1200 },
 * }));
 */
export class AssetMaterialization {
  readonly eventType: typeof EventType.ASSET_MATERIALIZATION = EventType.ASSET_MATERIALIZATION;
  /** The asset key as a user string (components joined by `/`). */
  readonly assetKey: string;
  readonly description: string | undefined;
  readonly partition: string | undefined;
  readonly metadata: RawMetadata | undefined;

  constructor(options: AssetEventOptions) {
    this.assetKey = compileAssetEventOptions('AssetMaterialization', options);
    this.description = options.description;
    this.partition = options.partition;
    this.metadata = options.metadata;
  }

  /**
   * The ASSET_MATERIALIZATION `data` payload, `{ assetKey, partition, description, metadata }`.
   *
   * @param where Where the event was emitted, e.g. `op "load"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   * @example
   * new AssetMaterialization({ assetKey: ['s3', 'sales'] }).toEventData('op "load"')
   * // → { assetKey: 's3/sales', partition: null, description: null, metadata: {} }
   */
  toEventData(where: string): AssetEventData {
    return {
      assetKey: this.assetKey,
      partition: this.partition ?? null,
      description: this.description ?? null,
      metadata: normalizeMetadata(this.metadata, eventWhere(`AssetMaterialization "${this.assetKey}"`, where)),
    };
  }
}
