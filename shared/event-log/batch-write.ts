import type { BatchWriteItemCommandInput, BatchWriteItemCommandOutput, WriteRequest } from '@aws-sdk/client-dynamodb';
import { type BatchRetryPolicy, batchRetryDelayMs, sleep } from './batch-retry-policy.js';
import { EventLogError } from './event-log-error.js';
import { itemLabel, type TableItem } from './item-attributes.js';

/** Sends one BatchWriteItem request (the store counts it). */
export type BatchWriteSender = (input: BatchWriteItemCommandInput) => Promise<BatchWriteItemCommandOutput>;

/** DynamoDB's limit of put requests in one BatchWriteItem. */
export const MAX_BATCH_WRITE_ITEMS = 25;
/** Batches in flight at once for large writes (e.g. 1,000 events). */
const WRITE_CONCURRENCY = 8;

async function writeBatch(
  send: BatchWriteSender,
  tableName: string,
  items: readonly TableItem[],
  retry: BatchRetryPolicy,
): Promise<void> {
  let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  let stalled = 0;
  for (;;) {
    const output = await send({ RequestItems: { [tableName]: pending } });
    const left = output.UnprocessedItems?.[tableName] ?? [];
    if (left.length === 0) return;
    stalled = left.length < pending.length ? 0 : stalled + 1;
    if (stalled > retry.maxRetries) {
      const labels = left.map((request) => itemLabel(request.PutRequest?.Item ?? {})).slice(0, 5);
      throw new EventLogError(
        `BatchWriteItem on table '${tableName}' left ${left.length} item(s) unprocessed after ${retry.maxRetries} retries ` +
          `(${labels.join(', ')}${left.length > 5 ? ', …' : ''}): DynamoDB is throttling; retry the attempt later or raise the table's throughput`,
      );
    }
    await sleep(batchRetryDelayMs(stalled, retry));
    pending = left;
  }
}

async function inParallel<T>(tasks: readonly T[], limit: number, run: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task !== undefined) await run(task);
    }
  });
  await Promise.all(workers);
}

/**
 * Puts `items` with BatchWriteItem, 25 per request, retrying leftovers with bounded backoff.
 * The last batch (holding the last items, e.g. the step state) is written only after every
 * other batch succeeded, so a reader that sees it also sees everything before it.
 */
export async function writeItemsInBatches(
  send: BatchWriteSender,
  tableName: string,
  items: readonly TableItem[],
  retry: BatchRetryPolicy,
): Promise<void> {
  const seen = new Set<string>();
  for (const item of items) {
    const label = itemLabel(item);
    if (seen.has(label)) {
      throw new EventLogError(`item ${label} appears twice in one write: give every event its own seq in eventKey()`);
    }
    seen.add(label);
  }
  const batches: TableItem[][] = [];
  for (let start = 0; start < items.length; start += MAX_BATCH_WRITE_ITEMS) {
    batches.push(items.slice(start, start + MAX_BATCH_WRITE_ITEMS));
  }
  const last = batches.pop();
  await inParallel(batches, WRITE_CONCURRENCY, (batch) => writeBatch(send, tableName, batch, retry));
  if (last !== undefined) await writeBatch(send, tableName, last, retry);
}
