import type { BatchGetItemCommandInput, BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { type BatchRetryPolicy, batchRetryDelayMs, sleep } from './batch-retry-policy.js';
import { EventLogError } from './event-log-error.js';
import type { TableItem } from './item-attributes.js';

/** Sends one BatchGetItem request (the store counts it). */
export type BatchGetSender = (input: BatchGetItemCommandInput) => Promise<BatchGetItemCommandOutput>;

/** DynamoDB's limit of keys in one BatchGetItem. */
export const MAX_BATCH_GET_KEYS = 100;

async function readBatch(
  send: BatchGetSender,
  tableName: string,
  pk: string,
  sortKeys: readonly string[],
  retry: BatchRetryPolicy,
  found: Map<string, TableItem>,
): Promise<void> {
  let pending: TableItem[] = sortKeys.map((sk) => ({ pk: { S: pk }, sk: { S: sk } }));
  let stalled = 0;
  for (;;) {
    const output = await send({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } });
    for (const item of output.Responses?.[tableName] ?? []) {
      const sk = item.sk?.S;
      if (sk !== undefined) found.set(sk, item);
    }
    const left = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    if (left.length === 0) return;
    stalled = left.length < pending.length ? 0 : stalled + 1;
    if (stalled > retry.maxRetries) {
      throw new EventLogError(
        `BatchGetItem on table '${tableName}' left ${left.length} key(s) of ${pk} unread after ${retry.maxRetries} retries: ` +
          "DynamoDB is throttling; retry the attempt later or raise the table's throughput",
      );
    }
    await sleep(batchRetryDelayMs(stalled, retry));
    pending = left;
  }
}

/**
 * Reads items of one partition by sort key with strongly consistent BatchGetItem
 * (100 keys per request, leftovers retried with bounded backoff).
 * Returns the items found, keyed by sort key; absent items are simply missing.
 */
export async function readPartitionItems(
  send: BatchGetSender,
  tableName: string,
  pk: string,
  sortKeys: readonly string[],
  retry: BatchRetryPolicy,
): Promise<Map<string, TableItem>> {
  const unique = [...new Set(sortKeys)];
  const found = new Map<string, TableItem>();
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += MAX_BATCH_GET_KEYS) {
    batches.push(unique.slice(start, start + MAX_BATCH_GET_KEYS));
  }
  await Promise.all(batches.map((batch) => readBatch(send, tableName, pk, batch, retry, found)));
  return found;
}
