import { gunzipSync, gzipSync } from 'node:zlib';
import { maskSecrets, maskSecretsDeep } from '../errors/secret-mask.js';
import { shortenJson } from '../errors/shorten-json.js';
import { EventType } from '../events/event-type.js';
import { assetKeyToUserString } from '../metadata/asset-key.js';
import { assetEventAttributes } from './asset-event-attributes.js';
import type { EventEntry } from './event-entry.js';
import { isEventKey } from './event-key.js';
import { EventLogError } from './event-log-error.js';
import type { EventRecord, LogLevelName } from './event-record.js';
import {
  itemBytes,
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
/** DynamoDB's item limit is 400 KB; keep headroom for the local index's copy of the keys. */
const MAX_EVENT_ITEM_BYTES = 390 * 1024;
/** Room left for gzip's framing of incompressible data and JSON's wrapper when texts are shortened. */
const TEXT_HEADROOM_BYTES = 2 * 1024;

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
  const { key } = entry;
  // Every event passes here before it is stored: fetched secret values in its message and data
  // (an error's message, stack and causes, log text, metadata) become `***` — before shortening,
  // so a cut never leaves part of a secret.
  const record: EventRecord = {
    ...entry.record,
    message: maskSecrets(entry.record.message),
    ...(entry.record.data !== undefined ? { data: maskSecretsDeep(entry.record.data) } : {}),
  };
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
  const item = encodeEvent(runId, key, record);
  const size = itemBytes(item);
  if (size <= MAX_EVENT_ITEM_BYTES) return item;
  // Over DynamoDB's item limit: the event's longest texts (a 1 MB error message, its stack, a
  // log line, a metadata value) keep their head and a marker, so the event is still recorded
  // and its reader sees where it was cut. What fits stays whole.
  const textBytes = size - itemBytes(withoutText(item));
  const fitted = shortenJson(
    { message: record.message, data: record.data },
    MAX_EVENT_ITEM_BYTES - (size - textBytes) - TEXT_HEADROOM_BYTES,
  ) as Pick<EventRecord, 'message' | 'data'>;
  const shortened = encodeEvent(runId, key, { ...record, message: fitted.message, data: fitted.data });
  const shortenedSize = itemBytes(shortened);
  if (shortenedSize <= MAX_EVENT_ITEM_BYTES) return shortened;
  throw new EventLogError(
    `event ${key} (${record.eventType}${record.stepKey ? ` of op '${record.stepKey}'` : ''}) is about ${Math.round(shortenedSize / 1024)} KB ` +
      'even with its texts shortened, over DynamoDB’s 400 KB item limit: keep large data in outputs, not in event metadata',
  );
}

function encodeEvent(runId: string, key: string, record: EventRecord): TableItem {
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
  if (record.data !== undefined) {
    const json = JSON.stringify(record.data);
    if (Buffer.byteLength(json) > DATA_INLINE_BYTES) item.dataZ = { B: gzipSync(json) };
    else item.data = { S: json };
    const assetKey = ASSET_EVENT_TYPES.has(record.eventType) ? assetKeyToUserString(record.data.assetKey) : undefined;
    if (assetKey !== undefined) {
      item.gsi3pk = { S: TableKeys.assetPartition(assetKey) };
      item.gsi3sk = { S: `${sortableTimestamp(record.timestamp)}#${runId}#${key}` };
      Object.assign(item, assetEventAttributes(record.data));
    }
  }
  return item;
}

/** The item without the attributes that hold the event's texts (message and data). */
function withoutText(item: TableItem): TableItem {
  const { message: _message, data: _data, dataZ: _dataZ, ...rest } = item;
  return rest;
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
