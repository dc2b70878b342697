import type { TableItem } from './item-attributes.js';

/**
 * Item attributes of an asset event that its readers filter on in the `byAsset` index: the
 * partition (`getAssetEvents(key, { partition })`) and the data version (the latest version of
 * an upstream). `data` is one JSON string, which a FilterExpression cannot look into.
 */
export const AssetEventAttribute = {
  PARTITION: 'partition',
  DATA_VERSION: 'dataVersion',
} as const;

/** The filter attributes of an asset event's `data`: only those it has. */
export function assetEventAttributes(data: Readonly<Record<string, unknown>>): TableItem {
  const attributes: TableItem = {};
  if (typeof data.partition === 'string' && data.partition.length > 0) {
    attributes[AssetEventAttribute.PARTITION] = { S: data.partition };
  }
  if (typeof data.dataVersion === 'string' && data.dataVersion.length > 0) {
    attributes[AssetEventAttribute.DATA_VERSION] = { S: data.dataVersion };
  }
  return attributes;
}
