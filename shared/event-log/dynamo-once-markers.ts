import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailure } from './conditional-check.js';
import { EventLogError } from './event-log-error.js';
import type { EventTableClient } from './event-table-client.js';
import type { TableItem } from './item-attributes.js';
import type { OnceAttributes, OnceMarkerStore } from './once-marker-store.js';
import { TableKeys } from './table-keys.js';

/**
 * {@link OnceMarkerStore} over the event table: marker items `X#<key>` in the run's partition,
 * put with a condition so DynamoDB, not the caller, decides who was first.
 *
 * @example
 * const markers = new DynamoOnceMarkers(new EventTableClient({ client, tableName }));
 * if (await markers.putOnce(runId, 'sensor#on_success#SUCCESS')) await notify();
 */
export class DynamoOnceMarkers implements OnceMarkerStore {
  constructor(private readonly table: EventTableClient) {}

  /**
   * Puts a marker item `X#<key>` only if absent (conditional PutItem); true for the first caller
   * only. Sensors use it to fire once per run and status however often the trigger arrives.
   *
   * @example
   * if (await markers.putOnce(runId, `sensor#on_success#SUCCESS`, { firedAt: new Date().toISOString() })) await notify();
   */
  async putOnce(runId: string, key: string, attrs: OnceAttributes = {}): Promise<boolean> {
    const item: TableItem = { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.onceSort(key) } };
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'pk' || name === 'sk' || name === 'tsk' || name.startsWith('gsi')) {
        throw new EventLogError(`putOnce attribute '${name}' is reserved by the event table's keys: rename it`);
      }
      item[name] =
        typeof value === 'string' ? { S: value } : typeof value === 'number' ? { N: String(value) } : { BOOL: value };
    }
    try {
      await this.table.send((client) =>
        client.send(
          new PutItemCommand({
            TableName: this.table.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }
}
