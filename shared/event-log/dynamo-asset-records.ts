import type { AssetEventQuery } from './asset-event-query.js';
import { assetEventQueryInput } from './asset-event-query.js';
import type { AssetRecordStore } from './asset-record-store.js';
import { itemToEvent } from './event-item.js';
import type { EventRecord } from './event-record.js';
import type { EventTableClient } from './event-table-client.js';

/**
 * {@link AssetRecordStore} over the `byAsset` GSI: one Query, newest first, read until the
 * first matching event.
 *
 * @example
 * const records = new DynamoAssetRecords(table);
 * const latest = await records.latestAssetEvent({ assetKey: 'foo_source_asset', versioned: true });
 */
export class DynamoAssetRecords implements AssetRecordStore {
  constructor(private readonly table: EventTableClient) {}

  async latestAssetEvent(query: AssetEventQuery): Promise<EventRecord | undefined> {
    const { items } = await this.table.queryItems(assetEventQueryInput(this.table.tableName, query), 1);
    const [item] = items;
    return item === undefined ? undefined : itemToEvent(item);
  }
}
