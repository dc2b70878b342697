import type { AssetEventOptions } from './asset-event-options.js';
import { AssetEvent } from './asset-event.js';
import { EventType } from './event-type.js';

/**
 * Records metadata about an asset without claiming it changed, as Dagster's `AssetObservation`.
 *
 * @example
 * context.logEvent(new AssetObservation({ assetKey: 'observation_asset', metadata: { numRows: df.length } }));
 */
export class AssetObservation extends AssetEvent {
  readonly eventType: typeof EventType.ASSET_OBSERVATION = EventType.ASSET_OBSERVATION;

  constructor(options: AssetEventOptions) {
    super('AssetObservation', options);
  }
}
