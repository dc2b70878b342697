import { type AttributeValue, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailure } from './conditional-check.js';
import { EventLogError } from './event-log-error.js';
import type { EventTableClient } from './event-table-client.js';
import { readString, type TableItem } from './item-attributes.js';
import type { OnceAttributes, OnceMarker, OnceMarkerStore, OnceUpdate, PutOnceOptions } from './once-marker-store.js';
import { EventTableIndex } from './table-schema.js';
import { TableKeys } from './table-keys.js';

/**
 * The `byStatus` index partition that lists open markers. Runs use `STATUS#<status>` there,
 * so the two never meet, and a marker leaves the index (its `gsi2` keys removed) when closed:
 * the partition holds only what is open now, however many markers were ever written.
 */
const OPEN_PARTITION = 'ONCE#open';

const RUN_PREFIX = TableKeys.runPartition('x').slice(0, -1);
const ONCE_PREFIX = TableKeys.onceSort('x').slice(0, -1);

function isKeyAttribute(name: string): boolean {
  return name === 'pk' || name === 'sk' || name === 'tsk' || name.startsWith('gsi');
}

function assertUserAttributes(attrs: OnceAttributes, method: string): void {
  for (const name of Object.keys(attrs)) {
    if (isKeyAttribute(name)) {
      throw new EventLogError(`${method} attribute '${name}' is reserved by the event table's keys: rename it`);
    }
  }
}

function toAttributeValue(value: string | number | boolean): AttributeValue {
  return typeof value === 'string' ? { S: value } : typeof value === 'number' ? { N: String(value) } : { BOOL: value };
}

function openKeys(runId: string, key: string): TableItem {
  return { gsi2pk: { S: OPEN_PARTITION }, gsi2sk: { S: `${runId}#${key}` } };
}

function itemToMarker(item: TableItem): OnceMarker {
  const attrs: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(item)) {
    if (isKeyAttribute(name)) continue;
    if (value.S !== undefined) attrs[name] = value.S;
    else if (value.N !== undefined) attrs[name] = Number(value.N);
    else if (value.BOOL !== undefined) attrs[name] = value.BOOL;
  }
  return {
    runId: readString(item, 'pk').slice(RUN_PREFIX.length),
    key: readString(item, 'sk').slice(ONCE_PREFIX.length),
    attrs,
    open: item.gsi2pk?.S === OPEN_PARTITION,
  };
}

/**
 * {@link OnceMarkerStore} over the event table: marker items `X#<key>` in the run's partition,
 * put and updated with conditions so DynamoDB, not the caller, decides who was first. Open
 * markers also carry the `byStatus` index keys of one partition (`ONCE#open`), which is how
 * {@link listOpenOnce} finds them across runs with one Query.
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
  async putOnce(
    runId: string,
    key: string,
    attrs: OnceAttributes = {},
    options: PutOnceOptions = {},
  ): Promise<boolean> {
    assertUserAttributes(attrs, 'putOnce');
    const item: TableItem = { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.onceSort(key) } };
    for (const [name, value] of Object.entries(attrs)) item[name] = toAttributeValue(value);
    if (options.open === true) Object.assign(item, openKeys(runId, key));
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

  /**
   * The marker `X#<key>` of a run (strongly consistent GetItem), or undefined.
   *
   * @example
   * const marker = await markers.getOnce(runId, 'sensor#on_failure#FAILURE#0'); // marker?.attrs.state
   */
  async getOnce(runId: string, key: string): Promise<OnceMarker | undefined> {
    const result = await this.table.send((client) =>
      client.send(
        new GetItemCommand({
          TableName: this.table.tableName,
          Key: { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.onceSort(key) } },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item === undefined ? undefined : itemToMarker(result.Item);
  }

  /**
   * Compare-and-set on a marker (conditional UpdateItem): writes `set` (and opens or closes it)
   * only if the marker exists and every `expect` attribute has the given value; true when
   * applied, false when the marker is absent or changed since the caller read it.
   *
   * @example
   * const took = await markers.updateOnce(runId, key, { set: { owner: mine }, expect: { owner: theirs } });
   */
  async updateOnce(runId: string, key: string, update: OnceUpdate): Promise<boolean> {
    assertUserAttributes(update.set, 'updateOnce');
    assertUserAttributes(update.expect, 'updateOnce');
    const names: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {};
    const sets: string[] = [];
    for (const [index, [name, value]] of Object.entries(update.set).entries()) {
      names[`#s${index}`] = name;
      values[`:s${index}`] = toAttributeValue(value);
      sets.push(`#s${index} = :s${index}`);
    }
    let remove = '';
    if (update.open === true) {
      const keys = openKeys(runId, key);
      values[':openPk'] = keys.gsi2pk as AttributeValue;
      values[':openSk'] = keys.gsi2sk as AttributeValue;
      sets.push('gsi2pk = :openPk', 'gsi2sk = :openSk');
    } else if (update.open === false) {
      remove = ' REMOVE gsi2pk, gsi2sk';
    }
    if (sets.length === 0 && remove.length === 0) {
      throw new EventLogError(`updateOnce of marker '${key}' changes nothing: pass attributes in set, or open`);
    }
    const conditions = ['attribute_exists(pk)'];
    for (const [index, [name, value]] of Object.entries(update.expect).entries()) {
      names[`#e${index}`] = name;
      values[`:e${index}`] = toAttributeValue(value);
      conditions.push(`#e${index} = :e${index}`);
    }
    try {
      await this.table.send((client) =>
        client.send(
          new UpdateItemCommand({
            TableName: this.table.tableName,
            Key: { pk: { S: TableKeys.runPartition(runId) }, sk: { S: TableKeys.onceSort(key) } },
            UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')}` : ''}${remove}`.trim(),
            ConditionExpression: conditions.join(' AND '),
            ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Every open marker of every run: one Query (paged) of the `ONCE#open` partition of the
   * `byStatus` index. Index reads are eventually consistent, so a marker closed a moment ago
   * may still be listed: re-read it with {@link getOnce} before acting on it.
   *
   * @example
   * for (const marker of await markers.listOpenOnce()) console.log(marker.runId, marker.key);
   */
  async listOpenOnce(): Promise<OnceMarker[]> {
    const { items } = await this.table.queryItems(
      {
        TableName: this.table.tableName,
        IndexName: EventTableIndex.BY_STATUS,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: OPEN_PARTITION } },
      },
      undefined,
    );
    return items.map(itemToMarker);
  }
}
