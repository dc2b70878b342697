import { assetEventQueryInput } from './asset-event-query.js';
import type { AssetStatus } from './asset-status.js';
import { DynamoAssetCatalog } from './dynamo-asset-catalog.js';
import { DynamoAssetRecords } from './dynamo-asset-records.js';
import type { EventRecord } from './event-record.js';
import { itemToEvent } from './event-item.js';
import { EventLogError } from './event-log-error.js';
import type {
  AssetEventsOptions,
  EventLogInstance,
  EventRecordsPage,
  RecordsForRunOptions,
  RunsFilter,
} from './event-log-instance.js';
import type { EventTableClient } from './event-table-client.js';
import { inFilter } from './in-filter.js';
import { allOf, runTagsFilter } from './tags-filter.js';
import { readString } from './item-attributes.js';
import { decodeRecordsCursor, encodeRecordsCursor } from './records-cursor.js';
import { itemToRun } from './run-item.js';
import { type RunRecord, RunStatus } from './run-record.js';
import type { RunStore } from './run-store.js';
import { EventTableIndex } from './table-schema.js';
import { TableKeys } from './table-keys.js';

const ALL_RUN_STATUSES: readonly RunStatus[] = Object.values(RunStatus);

function asList<T>(value: T | readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function validateLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new EventLogError(`limit ${limit} must be a positive integer (omit it to read everything)`);
  }
}

/**
 * {@link EventLogInstance} over the event table: the run partition through the `byTime` LSI,
 * and runs and asset events across runs through the GSIs. `getRun` is the run facet's own read,
 * so one run lookup serves both ports.
 *
 * @example
 * const table = new EventTableClient({ client, tableName });
 * const queries = new DynamoQueries(table, new DynamoRuns(table));
 * const { records } = await queries.getRecordsForRun(runId);
 */
export class DynamoQueries implements EventLogInstance {
  private readonly catalog: DynamoAssetCatalog;

  constructor(
    private readonly table: EventTableClient,
    private readonly runs: Pick<RunStore, 'getRun'>,
  ) {
    this.catalog = new DynamoAssetCatalog(table, this, new DynamoAssetRecords(table));
  }

  /**
   * A run's events in time order (strongly consistent Query on the `byTime` LSI).
   * With `limit`, returns a page and a cursor to continue; `ofType` filters types.
   * A cursor resumes after a record's time; events committed later with an earlier
   * timestamp (a slower parallel op) are not revisited, so tail live runs via step states.
   *
   * @example
   * let page = await queries.getRecordsForRun(runId, { limit: 100 });
   * while (page.hasMore) page = await queries.getRecordsForRun(runId, { limit: 100, cursor: page.cursor });
   */
  async getRecordsForRun(runId: string, options: RecordsForRunOptions = {}): Promise<EventRecordsPage> {
    validateLimit(options.limit);
    const pk = TableKeys.runPartition(runId);
    const types = asList(options.ofType);
    const filter = types !== undefined && types.length > 0 ? inFilter('eventType', types, 'type') : undefined;
    const position = options.cursor === undefined ? undefined : decodeRecordsCursor(runId, options.cursor);
    const { items, more } = await this.table.queryItems(
      {
        TableName: this.table.tableName,
        IndexName: EventTableIndex.BY_TIME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk }, ...filter?.values },
        ...(filter !== undefined
          ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }
          : {}),
        ScanIndexForward: options.ascending ?? true,
        ConsistentRead: true,
        ...(position !== undefined
          ? { ExclusiveStartKey: { pk: { S: pk }, sk: { S: position.sk }, tsk: { S: position.tsk } } }
          : {}),
      },
      options.limit,
    );
    const records = items.map(itemToEvent);
    const last = items.at(-1);
    return {
      records,
      ...(last !== undefined
        ? { cursor: encodeRecordsCursor(runId, { sk: readString(last, 'sk'), tsk: readString(last, 'tsk') }) }
        : {}),
      hasMore: more,
    };
  }

  /**
   * Runs newest first: by job (`byJob`), by status (`byStatus`), both (job index filtered
   * by status), or all (the status index, one Query per status, merged). Tags filter the
   * items read (a FilterExpression on the `tags` map), so `limit` counts matching runs.
   *
   * @example
   * const recent = await queries.getRuns({ jobName: 'sales_job', limit: 10 });
   * const failed = await queries.getRuns({ status: 'FAILURE' });
   * const nightly = await queries.getRuns({ tags: { 'stepster/schedule_name': 'nightly' } });
   */
  async getRuns(filter: RunsFilter = {}): Promise<RunRecord[]> {
    validateLimit(filter.limit);
    const statuses = asList(filter.status);
    const tagsFilter = runTagsFilter(filter.tags);
    if (filter.jobName !== undefined) {
      const statusFilter = allOf(
        statuses !== undefined ? inFilter('status', statuses, 'status') : undefined,
        tagsFilter,
      );
      const { items } = await this.table.queryItems(
        {
          TableName: this.table.tableName,
          IndexName: EventTableIndex.BY_JOB,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: TableKeys.jobPartition(filter.jobName) }, ...statusFilter?.values },
          ...(statusFilter !== undefined
            ? { FilterExpression: statusFilter.expression, ExpressionAttributeNames: statusFilter.names }
            : {}),
          ScanIndexForward: false,
        },
        filter.limit,
      );
      return items.map(itemToRun);
    }
    const perStatus = await Promise.all(
      [...new Set(statuses ?? ALL_RUN_STATUSES)].map((status) =>
        this.table.queryItems(
          {
            TableName: this.table.tableName,
            IndexName: EventTableIndex.BY_STATUS,
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: TableKeys.statusPartition(status) }, ...tagsFilter?.values },
            ...(tagsFilter !== undefined
              ? { FilterExpression: tagsFilter.expression, ExpressionAttributeNames: tagsFilter.names }
              : {}),
            ScanIndexForward: false,
          },
          filter.limit,
        ),
      ),
    );
    const merged = perStatus
      .flatMap((result) => result.items)
      .sort((a, b) => readString(b, 'gsi2sk').localeCompare(readString(a, 'gsi2sk')));
    return (filter.limit === undefined ? merged : merged.slice(0, filter.limit)).map(itemToRun);
  }

  /**
   * One run (strongly consistent GetItem), or undefined.
   *
   * @example
   * const run = await queries.getRun(runId); // run?.status === 'SUCCESS'
   */
  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.runs.getRun(runId);
  }

  /**
   * An asset's events across runs, newest first (`byAsset` GSI). `assetKey` is the user
   * string (`a/b` for a path key); `partition` keeps the events of one partition.
   *
   * @example
   * const [latest] = await queries.getAssetEvents('sales_output', { ofType: 'ASSET_MATERIALIZATION', limit: 1 });
   */
  async getAssetEvents(assetKey: string, options: AssetEventsOptions = {}): Promise<EventRecord[]> {
    validateLimit(options.limit);
    const types = asList(options.ofType);
    const { items } = await this.table.queryItems(
      assetEventQueryInput(this.table.tableName, {
        assetKey,
        ...(types !== undefined ? { ofType: types } : {}),
        ...(options.partition !== undefined ? { partition: options.partition } : {}),
      }),
      options.limit,
    );
    return items.map(itemToEvent);
  }

  /**
   * Every asset key with recorded events, sorted (one Query of the asset registry, no scan).
   *
   * @example
   * const keys = await queries.getAssetKeys(); // ['raw_sales', 'warehouse/sales']
   */
  getAssetKeys(): Promise<string[]> {
    return this.catalog.getAssetKeys();
  }

  /**
   * Every evaluation of an asset's checks (of one check, when named), newest first.
   *
   * @example
   * const [latest] = await queries.getAssetCheckHistory('sales_transform', 'check_sales_schema');
   */
  getAssetCheckHistory(assetKey: string, checkName?: string): Promise<EventRecord[]> {
    return this.catalog.getAssetCheckHistory(assetKey, checkName);
  }

  /**
   * An asset's last materialization, data version, staleness and latest check evaluations.
   *
   * @example
   * const { stale, staleBecause } = await queries.getAssetStatus('sales_transform');
   */
  getAssetStatus(assetKey: string): Promise<AssetStatus> {
    return this.catalog.getAssetStatus(assetKey);
  }
}
