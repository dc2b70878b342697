import { PUT_LOG_EVENTS_LIMITS } from './put-log-events-limits.js';

/** A log event waiting to be sent: epoch-millisecond timestamp, message, and its batch size (bytes + 26). */
export interface PendingLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly size: number;
}

/** The limits a batch plan respects; defaults are the PutLogEvents quotas. */
export interface BatchLimits {
  readonly maxEventsPerBatch: number;
  readonly maxBatchBytes: number;
  readonly maxBatchSpanMs: number;
}

/**
 * Splits events into PutLogEvents calls: sorted by timestamp (stable, so equal timestamps keep the order
 * they were logged in), each call ≤ 10,000 events, ≤ 1,048,576 bytes, and spanning less than 24 hours.
 *
 * @default limits PUT_LOG_EVENTS_LIMITS
 * @example
 * ```ts
 * for (const batch of planPutLogEventsBatches(pending)) await put(batch);
 * ```
 */
export function planPutLogEventsBatches<T extends PendingLogEvent>(
  events: readonly T[],
  limits: BatchLimits = PUT_LOG_EVENTS_LIMITS,
): T[][] {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  let firstTimestamp = 0;
  for (const event of sorted) {
    const full =
      batch.length > 0 &&
      (batch.length >= limits.maxEventsPerBatch ||
        bytes + event.size > limits.maxBatchBytes ||
        event.timestamp - firstTimestamp >= limits.maxBatchSpanMs);
    if (full) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    if (batch.length === 0) firstTimestamp = event.timestamp;
    batch.push(event);
    bytes += event.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
