import type { AssetEventQuery } from './asset-event-query.js';
import type { EventRecord } from './event-record.js';

/**
 * The asset port of an op attempt: the latest recorded event of an asset outside its run, for
 * the data version of an upstream it does not run and the value of one it loads without
 * recomputing it. An index read (eventually consistent): an upstream materialized in this
 * run is read from its step state instead, which is strongly consistent.
 *
 * @example
 * const latest = await assets.latestAssetEvent({ assetKey: 'raw_sales', ofType: ['ASSET_MATERIALIZATION'], versioned: true });
 */
export interface AssetRecordStore {
  /** The newest event matching `query`, or undefined when the asset has none. */
  latestAssetEvent(query: AssetEventQuery): Promise<EventRecord | undefined>;
}
