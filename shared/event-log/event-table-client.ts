import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { readPartitionItems } from './batch-get.js';
import { type BatchRetryPolicy, DEFAULT_BATCH_RETRY_POLICY } from './batch-retry-policy.js';
import { writeItemsInBatches } from './batch-write.js';
import { EventLogError } from './event-log-error.js';
import type { TableItem } from './item-attributes.js';
import { TableKeys } from './table-keys.js';

/** Constructor options of {@link EventTableClient}. */
export interface EventTableClientOptions {
  /** A DynamoDB client: the default AWS one in Lambda, or the embedded store's client locally. */
  readonly client: DynamoDBClient;
  /** The event table (built from `EVENT_TABLE_SCHEMA`). */
  readonly tableName: string;
  /** Retry of unprocessed batch items. @default DEFAULT_BATCH_RETRY_POLICY */
  readonly retry?: Partial<BatchRetryPolicy>;
}

/**
 * The one connection every event-log facet shares: the DynamoDB client, the table name and
 * the batch retry policy. Every request of every facet goes through {@link send}, so
 * {@link requestCount} is exact across facets (the bench and tests budget requests per op).
 *
 * @example
 * const table = new EventTableClient({ client, tableName: 'stepster-events' });
 * const items = await table.readItems(runId, ['S#fetch']); // one BatchGetItem
 */
export class EventTableClient {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** DynamoDB requests sent so far (SDK-internal retries of one request count once). */
  requestCount = 0;
  private readonly retry: BatchRetryPolicy;

  constructor(options: EventTableClientOptions) {
    if (options.tableName.length < 3) {
      throw new EventLogError(
        `tableName '${options.tableName}' is shorter than DynamoDB's 3 characters: pass the event table's name`,
      );
    }
    this.client = options.client;
    this.tableName = options.tableName;
    this.retry = { ...DEFAULT_BATCH_RETRY_POLICY, ...options.retry };
  }

  /** Sets {@link requestCount} back to 0 and returns what it was. */
  resetRequestCount(): number {
    const count = this.requestCount;
    this.requestCount = 0;
    return count;
  }

  /** The only path to DynamoDB, so the request count is exact. */
  send<T>(call: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    this.requestCount++;
    return call(this.client);
  }

  private readonly batchWrite = (input: BatchWriteItemCommandInput) =>
    this.send((client) => client.send(new BatchWriteItemCommand(input)));

  private readonly batchGet = (input: BatchGetItemCommandInput) =>
    this.send((client) => client.send(new BatchGetItemCommand(input)));

  /** Puts items 25 per BatchWriteItem; the last items (e.g. a step state) go in the last batch, written last. */
  writeItems(items: readonly TableItem[]): Promise<void> {
    return writeItemsInBatches(this.batchWrite, this.tableName, items, this.retry);
  }

  /** Reads items of a run's partition by sort key (strongly consistent), keyed by sort key; absent ones are missing. */
  readItems(runId: string, sortKeys: readonly string[]): Promise<Map<string, TableItem>> {
    return readPartitionItems(this.batchGet, this.tableName, TableKeys.runPartition(runId), sortKeys, this.retry);
  }

  /**
   * Runs a Query until `limit + 1` items (one ahead, so `more` is exact) or the end.
   * Without a filter the page size is what is still needed; with one, DynamoDB's 1 MB pages.
   */
  async queryItems(
    input: QueryCommandInput,
    limit: number | undefined,
  ): Promise<{ items: TableItem[]; more: boolean }> {
    const want = limit === undefined ? Number.POSITIVE_INFINITY : limit + 1;
    const filtered = input.FilterExpression !== undefined;
    const items: TableItem[] = [];
    let startKey = input.ExclusiveStartKey;
    do {
      const page = await this.send((client) =>
        client.send(
          new QueryCommand({
            ...input,
            ExclusiveStartKey: startKey,
            Limit: filtered || limit === undefined ? undefined : want - items.length,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && items.length < want);
    if (limit === undefined || items.length <= limit) return { items, more: false };
    return { items: items.slice(0, limit), more: true };
  }
}
