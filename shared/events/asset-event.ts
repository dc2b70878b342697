import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { type AssetEventData, type AssetEventOptions, compileAssetEventOptions } from './asset-event-options.js';
import { eventWhere } from './event-where.js';

/** What materializations and observations share: an asset key, a partition, a description, metadata. */
export abstract class AssetEvent {
  /** The asset key as a user string (components joined by `/`). */
  readonly assetKey: string;
  readonly description: string | undefined;
  readonly partition: string | undefined;
  readonly metadata: RawMetadata | undefined;
  readonly dataVersion: string | undefined;

  protected constructor(
    private readonly className: string,
    options: AssetEventOptions,
  ) {
    this.assetKey = compileAssetEventOptions(className, options);
    this.description = options.description;
    this.partition = options.partition;
    this.metadata = options.metadata;
    this.dataVersion = options.dataVersion?.value;
  }

  /**
   * The event's `data` payload, `{ assetKey, partition, description, metadata }`.
   *
   * @param where Where the event was emitted, e.g. `op "load"` (named in metadata errors).
   * @throws MetadataError when a metadata value cannot be stored.
   */
  toEventData(where: string): AssetEventData {
    return {
      assetKey: this.assetKey,
      partition: this.partition ?? null,
      description: this.description ?? null,
      metadata: normalizeMetadata(this.metadata, eventWhere(`${this.className} "${this.assetKey}"`, where)),
      ...(this.dataVersion !== undefined ? { dataVersion: this.dataVersion } : {}),
    };
  }
}
