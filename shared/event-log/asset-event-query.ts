import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { AssetEventAttribute } from './asset-event-attributes.js';
import { inFilter } from './in-filter.js';
import { EventTableIndex } from './table-schema.js';
import { TableKeys } from './table-keys.js';

/** Which events of one asset a `byAsset` query reads (newest first). */
export interface AssetEventQuery {
  readonly assetKey: string;
  /** @default every asset event type */
  readonly ofType?: readonly string[];
  /** Only events of this partition. */
  readonly partition?: string;
  /** With `partition`: events of no partition match too (an unpartitioned upstream of a partitioned run). */
  readonly orUnpartitioned?: boolean;
  /** Only events carrying a data version. */
  readonly versioned?: boolean;
}

/**
 * The Query of an asset's events on the `byAsset` GSI, newest first. Filters run on the item
 * attributes written by `assetEventAttributes`; the index holds asset events only, so no
 * filter at all is needed to read every event of an asset.
 */
export function assetEventQueryInput(tableName: string, query: AssetEventQuery): QueryCommandInput {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = { ':pk': { S: TableKeys.assetPartition(query.assetKey) } };
  if (query.ofType !== undefined && query.ofType.length > 0) {
    const types = inFilter('eventType', query.ofType, 'type');
    clauses.push(types.expression);
    Object.assign(names, types.names);
    Object.assign(values, types.values);
  }
  if (query.partition !== undefined) {
    names['#part'] = AssetEventAttribute.PARTITION;
    values[':part'] = { S: query.partition };
    clauses.push(query.orUnpartitioned ? '(#part = :part OR attribute_not_exists(#part))' : '#part = :part');
  }
  if (query.versioned) {
    names['#dv'] = AssetEventAttribute.DATA_VERSION;
    clauses.push('attribute_exists(#dv)');
  }
  return {
    TableName: tableName,
    IndexName: EventTableIndex.BY_ASSET,
    KeyConditionExpression: 'gsi3pk = :pk',
    ExpressionAttributeValues: values,
    ...(clauses.length > 0 ? { FilterExpression: clauses.join(' AND '), ExpressionAttributeNames: names } : {}),
    ScanIndexForward: false,
  };
}
