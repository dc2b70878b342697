import { readOptionalString, readString, type TableItem } from './item-attributes.js';
import { TableKeys } from './table-keys.js';

const ASSET_PARTITION_PREFIX = TableKeys.assetPartition('');

/**
 * The asset registry: one item per asset key with recorded events, all under one partition
 * key (`ASSETS`), so `getAssetKeys()` is one Query and never a table scan. Each is written in
 * the same batch as the asset events that name it (a put of a fixed item: idempotent, and no
 * request of its own while the batch stays within 25 items).
 *
 * @returns the registry items of the asset events among `items`, one per key
 */
export function assetRegistryItems(items: readonly TableItem[]): TableItem[] {
  const keys = new Set<string>();
  for (const item of items) {
    const partition = readOptionalString(item, 'gsi3pk');
    if (partition?.startsWith(ASSET_PARTITION_PREFIX)) keys.add(partition.slice(ASSET_PARTITION_PREFIX.length));
  }
  return [...keys].map((assetKey) => ({
    pk: { S: TableKeys.ASSET_REGISTRY_PARTITION },
    sk: { S: TableKeys.assetRegistrySort(assetKey) },
    assetKey: { S: assetKey },
  }));
}

/** The asset key of a registry item written by {@link assetRegistryItems}. */
export function registryItemKey(item: TableItem): string {
  return readString(item, 'assetKey');
}
