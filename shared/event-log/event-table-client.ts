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
import { type BatchRetryPolicy, batchRetryDelayMs, DEFAULT_BATCH_RETRY_POLICY, sleep } from './batch-retry-policy.js';
import { writeItemsInBatches } from './batch-write.js';
import { EventLogError } from './event-log-error.js';
import type { TableItem } from './item-attributes.js';
import {
  DEFAULT_STORAGE_THROTTLING_POLICY,
  isStorageThrottling,
  type StorageThrottlingPolicy,
} from './storage-throttling.js';
import { TableKeys } from './table-keys.js';

/** Constructor options of {@link EventTableClient}. */
export interface EventTableClientOptions {
  /** A DynamoDB client: the default AWS one in Lambda, or the embedded store's client locally. */
  readonly client: DynamoDBClient;
  /** The event table (built from `EVENT_TABLE_SCHEMA`). */
  readonly tableName: string;
  /** Retry of unprocessed batch items. @default DEFAULT_BATCH_RETRY_POLICY */
  readonly retry?: Partial<BatchRetryPolicy>;
  /** Retry of requests DynamoDB throttles beyond the SDK's retries. @default DEFAULT_STORAGE_THROTTLING_POLICY */
  readonly throttleRetry?: Partial<StorageThrottlingPolicy>;
}

/**
 * The one connection every event-log facet shares: the DynamoDB client, the table name and
 * the retry policies. Every request of every facet goes through {@link send}, so
 * {@link requestCount} is exact across facets (the bench and tests budget requests per op),
 * and storage throttling that outlasts the SDK's retries is retried there, for every facet.
 *
 * @example
 * const table = new EventTableClient({ client, tableName: 'stepster-events' });
 * const items = await table.readItems(runId, ['S#fetch']); // one BatchGetItem
 */
export class EventTableClient {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /**
   * DynamoDB requests the event log made so far. A request counts once however often it was
   * tried (by the SDK, or by {@link send} after throttling), so the count is what the code
   * asks for: an op attempt is 2 whatever DynamoDB's load. Tries beyond the first are in
   * {@link throttledRetryCount}. (Leftover batch items are new requests and count.)
   */
  requestCount = 0;
  /** Extra tries {@link send} made because DynamoDB throttled (or failed with a 5xx) beyond the SDK's retries. */
  throttledRetryCount = 0;
  private readonly retry: BatchRetryPolicy;
  private readonly throttleRetry: StorageThrottlingPolicy;

  constructor(options: EventTableClientOptions) {
    if (options.tableName.length < 3) {
      throw new EventLogError(
        `tableName '${options.tableName}' is shorter than DynamoDB's 3 characters: pass the event table's name`,
      );
    }
    this.client = options.client;
    this.tableName = options.tableName;
    this.retry = { ...DEFAULT_BATCH_RETRY_POLICY, ...options.retry };
    this.throttleRetry = { ...DEFAULT_STORAGE_THROTTLING_POLICY, ...options.throttleRetry };
  }

  /** Sets {@link requestCount} (and {@link throttledRetryCount}) back to 0 and returns what the request count was. */
  resetRequestCount(): number {
    const count = this.requestCount;
    this.requestCount = 0;
    this.throttledRetryCount = 0;
    return count;
  }

  /**
   * The only path to DynamoDB, so the request count is exact. Throttling and 5xx errors that
   * the SDK's own retries did not get past are tried again with capped exponential backoff and
   * jitter, for at most `throttleRetry.maxWaitMs` in all; then an EventLogError says so.
   */
  async send<T>(call: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    this.requestCount++;
    let waitedMs = 0;
    for (let retries = 0; ; retries++) {
      try {
        return await call(this.client);
      } catch (error) {
        if (!isStorageThrottling(error)) throw error;
        const delayMs = batchRetryDelayMs(retries, this.throttleRetry);
        if (waitedMs + delayMs > this.throttleRetry.maxWaitMs) {
          throw new EventLogError(
            `DynamoDB table '${this.tableName}' kept refusing a request for ${(waitedMs / 1000).toFixed(1)} s ` +
              `(${retries + 1} tries, each after the SDK's own retries; last error ${error instanceof Error ? error.name : 'unknown'}): ` +
              "raise the table's throughput or switch it to on-demand capacity, then redrive the run",
            { cause: error },
          );
        }
        this.throttledRetryCount++;
        await sleep(delayMs);
        waitedMs += delayMs;
      }
    }
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
