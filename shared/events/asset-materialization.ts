import type { AssetEventOptions } from './asset-event-options.js';
import { AssetEvent } from './asset-event.js';
import { EventType } from './event-type.js';

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
export class AssetMaterialization extends AssetEvent {
  readonly eventType: typeof EventType.ASSET_MATERIALIZATION = EventType.ASSET_MATERIALIZATION;

  constructor(options: AssetEventOptions) {
    super('AssetMaterialization', options);
  }
}
