/**
 * PutLogEvents quotas (CloudWatch Logs API reference). The per-event cap is the long-standing 256 KB
 * (the API now documents 1 MB); staying under the smaller one works against both.
 *
 * @example
 * ```ts
 * if (batch.length === PUT_LOG_EVENTS_LIMITS.maxEventsPerBatch) send(batch);
 * ```
 */
export const PUT_LOG_EVENTS_LIMITS = {
  /** Events per call. */
  maxEventsPerBatch: 10_000,
  /** Bytes per call: UTF-8 message bytes plus `eventOverheadBytes` per event. */
  maxBatchBytes: 1_048_576,
  /** What each event adds to the batch size beyond its message. */
  eventOverheadBytes: 26,
  /** Newest minus oldest timestamp in one call must stay under this. */
  maxBatchSpanMs: 24 * 60 * 60 * 1000,
  /** One event, overhead included. */
  maxEventBytes: 262_144,
} as const;

/**
 * How much an event with this message counts towards a batch (UTF-8 bytes + 26).
 *
 * @example
 * ```ts
 * logEventSize('héllo'); // 6 + 26 = 32
 * ```
 */
export function logEventSize(message: string): number {
  return Buffer.byteLength(message, 'utf8') + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes;
}

/** Largest message that fits in one event. */
export const MAX_LOG_EVENT_MESSAGE_BYTES =
  PUT_LOG_EVENTS_LIMITS.maxEventBytes - PUT_LOG_EVENTS_LIMITS.eventOverheadBytes;

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes, ending with a marker saying how long it was.
 * The cut never splits a character. Text that fits is returned unchanged.
 *
 * @default maxBytes MAX_LOG_EVENT_MESSAGE_BYTES (262,118)
 * @example
 * ```ts
 * truncateToBytes('x'.repeat(300_000)).endsWith('[truncated by stepster: 300000 bytes]'); // true
 * ```
 */
export function truncateToBytes(text: string, maxBytes: number = MAX_LOG_EVENT_MESSAGE_BYTES): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const marker = `… [truncated by stepster: ${bytes.length} bytes]`;
  let cut = Math.max(0, maxBytes - Buffer.byteLength(marker, 'utf8'));
  // A continuation byte (10xxxxxx) at the cut means a character straddles it: cut before its first byte.
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8') + marker;
}
