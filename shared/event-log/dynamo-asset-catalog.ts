import { EventType } from '../events/event-type.js';
import { registryItemKey } from './asset-registry-item.js';
import type { AssetRecordStore } from './asset-record-store.js';
import {
  type AssetStatus,
  eventDataVersion,
  latestChecks,
  recordedInputVersions,
  type StaleCause,
} from './asset-status.js';
import type { EventRecord } from './event-record.js';
import type { EventLogInstance } from './event-log-instance.js';
import type { EventTableClient } from './event-table-client.js';
import { TableKeys } from './table-keys.js';

/**
 * The asset catalog over the event table: keys from the asset registry partition, events and
 * checks from the `byAsset` index (eventually consistent), status computed from them.
 *
 * @example
 * const catalog = new DynamoAssetCatalog(table, queries, new DynamoAssetRecords(table));
 * const { stale, staleBecause } = await catalog.getAssetStatus('sales_transform');
 */
export class DynamoAssetCatalog {
  constructor(
    private readonly table: EventTableClient,
    private readonly events: Pick<EventLogInstance, 'getAssetEvents'>,
    private readonly records: AssetRecordStore,
  ) {}

  /** Every asset key with recorded events, in code-unit order: one Query of the registry partition. */
  async getAssetKeys(): Promise<string[]> {
    const { items } = await this.table.queryItems(
      {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: TableKeys.ASSET_REGISTRY_PARTITION } },
        ConsistentRead: true,
      },
      undefined,
    );
    return items.map(registryItemKey).sort();
  }

  /** Every ASSET_CHECK_EVALUATION of `assetKey` (of one check, when named), newest first. */
  async getAssetCheckHistory(assetKey: string, checkName?: string): Promise<EventRecord[]> {
    const evaluations = await this.events.getAssetEvents(assetKey, { ofType: EventType.ASSET_CHECK_EVALUATION });
    return checkName === undefined ? evaluations : evaluations.filter((e) => e.data?.checkName === checkName);
  }

  /**
   * The asset's last materialization, current data version, staleness and latest check
   * evaluations. Stale: an upstream recorded on the last materialization now has another
   * version (its latest materialization, or latest observation for a source).
   */
  async getAssetStatus(assetKey: string): Promise<AssetStatus> {
    const [[last], latestVersioned, evaluations] = await Promise.all([
      this.events.getAssetEvents(assetKey, { ofType: EventType.ASSET_MATERIALIZATION, limit: 1 }),
      this.records.latestAssetEvent({
        assetKey,
        ofType: [EventType.ASSET_MATERIALIZATION, EventType.ASSET_OBSERVATION],
        versioned: true,
      }),
      this.getAssetCheckHistory(assetKey),
    ]);
    const staleBecause = await this.changedInputs(recordedInputVersions(last));
    return {
      assetKey,
      lastMaterialization:
        last === undefined
          ? null
          : { runId: last.runId, timestamp: last.timestamp, dataVersion: eventDataVersion(last) },
      dataVersion: last !== undefined ? eventDataVersion(last) : eventDataVersion(latestVersioned),
      stale: staleBecause.length > 0,
      staleBecause,
      checks: latestChecks(evaluations),
    };
  }

  private async changedInputs(recorded: Readonly<Record<string, string>>): Promise<StaleCause[]> {
    const causes = await Promise.all(
      Object.entries(recorded).map(async ([key, was]): Promise<StaleCause | undefined> => {
        const current = await this.records.latestAssetEvent({
          assetKey: key,
          ofType: [EventType.ASSET_MATERIALIZATION, EventType.ASSET_OBSERVATION],
          versioned: true,
        });
        const now = eventDataVersion(current);
        return now !== null && now !== was ? { key, was, now } : undefined;
      }),
    );
    return causes.filter((cause): cause is StaleCause => cause !== undefined);
  }
}
