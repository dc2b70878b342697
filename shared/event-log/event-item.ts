import { gunzipSync, gzipSync } from 'node:zlib';
import { EventType } from '../events/event-type.js';
import { assetKeyToUserString } from '../metadata/asset-key.js';
import type { EventEntry } from './event-entry.js';
import { isEventKey } from './event-key.js';
import { EventLogError } from './event-log-error.js';
import type { EventRecord, LogLevelName } from './event-record.js';
import {
  itemLabel,
  parseJsonAttribute,
  readOptionalBinary,
  readOptionalNumber,
  readOptionalString,
  readString,
  type TableItem,
} from './item-attributes.js';
import { sortableTimestamp } from './sortable-timestamp.js';
import { TableKeys } from './table-keys.js';

/** Above this, `data` is stored gzipped (attribute `dataZ`). */
const DATA_INLINE_BYTES = 32 * 1024;
/** DynamoDB's item limit is 400 KB; keep headroom for attribute names and keys. */
const MAX_EVENT_ITEM_BYTES = 390 * 1024;

const ASSET_EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  EventType.ASSET_MATERIALIZATION,
  EventType.ASSET_OBSERVATION,
  EventType.ASSET_CHECK_EVALUATION,
]);

/**
 * Tie-break for events sharing a timestamp: RUN_START before step events, the run's
 * terminal event after them, as Dagster orders them.
 */
function timeRank(eventType: string): string {
  if (eventType === EventType.RUN_START) return '0';
  if (
    eventType === EventType.RUN_SUCCESS ||
    eventType === EventType.RUN_FAILURE ||
    eventType === EventType.RUN_CANCELED
  ) {
    return '2';
  }
  return '1';
}

/** The LSI sort key of an event: fixed-width time, type rank, then the event key. */
export function eventTimeKey(record: EventRecord, key: string): string {
  return `${sortableTimestamp(record.timestamp)}#${timeRank(record.eventType)}#${key}`;
}

/** Encodes one event as a table item (LSI key always, asset GSI keys for asset events). */
export function eventToItem(runId: string, entry: EventEntry): TableItem {
  const { key, record } = entry;
  if (!isEventKey(key)) {
    throw new EventLogError(
      `event key '${key}' is not of the form E#<scope>#<attempt>#<seq>: build it with eventKey()`,
    );
  }
  if (record.runId !== runId) {
    throw new EventLogError(
      `event ${key} has runId '${record.runId}' but is written to run '${runId}': pass the same runId`,
    );
  }
  const timeKey = eventTimeKey(record, key);
  const item: TableItem = {
    pk: { S: TableKeys.runPartition(runId) },
    sk: { S: key },
    tsk: { S: timeKey },
    runId: { S: record.runId },
    eventType: { S: record.eventType },
    timestamp: { S: record.timestamp },
    level: { S: record.level },
    message: { S: record.message },
  };
  if (record.stepKey !== undefined) item.stepKey = { S: record.stepKey };
  if (record.attempt !== undefined) item.attempt = { N: String(record.attempt) };
  let size = key.length * 2 + timeKey.length + Buffer.byteLength(record.message) + 300;
  if (record.data !== undefined) {
    const json = JSON.stringify(record.data);
    const bytes = Buffer.byteLength(json);
    if (bytes > DATA_INLINE_BYTES) {
      const zipped = gzipSync(json);
      item.dataZ = { B: zipped };
      size += zipped.length;
    } else {
      item.data = { S: json };
      size += bytes;
    }
    const assetKey = ASSET_EVENT_TYPES.has(record.eventType) ? assetKeyToUserString(record.data.assetKey) : undefined;
    if (assetKey !== undefined) {
      item.gsi3pk = { S: TableKeys.assetPartition(assetKey) };
      item.gsi3sk = { S: `${sortableTimestamp(record.timestamp)}#${runId}#${key}` };
    }
  }
  if (size > MAX_EVENT_ITEM_BYTES) {
    throw new EventLogError(
      `event ${key} (${record.eventType}${record.stepKey ? ` of op '${record.stepKey}'` : ''}) is about ${Math.round(size / 1024)} KB, ` +
        'over DynamoDB’s 400 KB item limit even gzipped: keep large data in outputs, not in event metadata',
    );
  }
  return item;
}

/** Decodes an event item written by {@link eventToItem}. */
export function itemToEvent(item: TableItem): EventRecord {
  const stepKey = readOptionalString(item, 'stepKey');
  const attempt = readOptionalNumber(item, 'attempt');
  const zipped = readOptionalBinary(item, 'dataZ');
  const inline = readOptionalString(item, 'data');
  const text = zipped !== undefined ? gunzipSync(zipped).toString('utf8') : inline;
  let data: Record<string, unknown> | undefined;
  if (text !== undefined) {
    const parsed = parseJsonAttribute(item, 'data', text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new EventLogError(`event data of item ${itemLabel(item)} is not a JSON object`);
    }
    data = parsed as Record<string, unknown>;
  }
  return {
    runId: readString(item, 'runId'),
    // Types and levels written by a newer stepster stay readable rather than failing the reader.
    eventType: readString(item, 'eventType') as EventType,
    ...(stepKey !== undefined ? { stepKey } : {}),
    timestamp: readString(item, 'timestamp'),
    ...(attempt !== undefined ? { attempt } : {}),
    level: readString(item, 'level') as LogLevelName,
    message: readString(item, 'message'),
    ...(data !== undefined ? { data } : {}),
  };
}
