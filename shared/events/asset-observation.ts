import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { type AssetEventData, type AssetEventOptions, compileAssetEventOptions } from './asset-event-options.js';
import { EventType } from './event-type.js';
import { eventWhere } from './event-where.js';

/**
 * Records metadata about an asset without claiming it changed, as Dagster's `AssetObservation`.
 *
 * @example
 * context.logEvent(new AssetObservation({ assetKey: 'observation_asset', metadata: { numRows: df.length } }));
 */
export class AssetObservation {
  readonly eventType: typeof EventType.ASSET_OBSERVATION = EventType.ASSET_OBSERVATION;
  /** The asset key as a user string (components joined by `/`). */
  readonly assetKey: string;
  readonly description: string | undefined;
  readonly partition: string | undefined;
  readonly metadata: RawMetadata | undefined;

  constructor(options: AssetEventOptions) {
    this.assetKey = compileAssetEventOptions('AssetObservation', options);
    this.description = options.description;
    this.partition = options.partition;
    this.metadata = options.metadata;
  }

  /**
   * The ASSET_OBSERVATION `data` payload, `{ assetKey, partition, description, metadata }`.
   *
   * @param where Where the event was emitted, e.g. `op "load"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   * @example
   * new AssetObservation({ assetKey: 'raw_sales', metadata: { numRows: 3 } }).toEventData('op "load"')
   * // → { assetKey: 'raw_sales', partition: null, description: null, metadata: { numRows: { type: 'int', value: 3 } } }
   */
  toEventData(where: string): AssetEventData {
    return {
      assetKey: this.assetKey,
      partition: this.partition ?? null,
      description: this.description ?? null,
      metadata: normalizeMetadata(this.metadata, eventWhere(`AssetObservation "${this.assetKey}"`, where)),
    };
  }
}
