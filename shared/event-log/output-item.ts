import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EventLogError } from './event-log-error.js';
import {
  itemLabel,
  parseJsonAttribute,
  readNumber,
  readOptionalBinary,
  readOptionalString,
  readString,
  type TableItem,
  type TableItemKey,
} from './item-attributes.js';
import { TableKeys } from './table-keys.js';

/** Largest value bytes kept in one item; DynamoDB's item limit is 400 KB. */
export const OUTPUT_ITEM_BYTES = 350 * 1024;

/** How an output item holds its value. */
const Encoding = {
  JSON: 'json',
  GZIP: 'gzip',
  UNDEFINED: 'undefined',
} as const;

/** A decoded output item: the value, or the chunk keys still to read. */
export type DecodedOutput =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'chunked'; readonly chunkKeys: readonly TableItemKey[] };

function serialize(node: string, output: string, value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new EventLogError(
      `output '${output}' of op '${node}' is not JSON-serialisable (${error instanceof Error ? error.message : String(error)}): return plain data (objects, arrays, strings, numbers, booleans, null)`,
      { cause: error },
    );
  }
}

/**
 * Encodes one op output as items: the value inline (JSON), gzipped when over
 * {@link OUTPUT_ITEM_BYTES}, and split into chunk items when still too large.
 * Chunk items come first and the main item last, so a writer that stops halfway
 * never leaves a main item pointing at missing chunks of its own content.
 */
export function outputToItems(runId: string, node: string, output: string, value: unknown): TableItem[] {
  const pk = { S: TableKeys.runPartition(runId) };
  const sk = TableKeys.outputSort(node, output);
  const json = serialize(node, output, value);
  if (json === undefined) {
    return [{ pk, sk: { S: sk }, enc: { S: Encoding.UNDEFINED } }];
  }
  if (Buffer.byteLength(json) <= OUTPUT_ITEM_BYTES) {
    return [{ pk, sk: { S: sk }, enc: { S: Encoding.JSON }, v: { S: json } }];
  }
  const zipped = gzipSync(json);
  if (zipped.length <= OUTPUT_ITEM_BYTES) {
    return [{ pk, sk: { S: sk }, enc: { S: Encoding.GZIP }, v: { B: zipped } }];
  }
  // The content hash names the chunks, so chunks of two different writes never mix.
  const hash = createHash('sha256').update(zipped).digest('hex').slice(0, 16);
  const count = Math.ceil(zipped.length / OUTPUT_ITEM_BYTES);
  const items: TableItem[] = [];
  for (let index = 0; index < count; index++) {
    const part = zipped.subarray(index * OUTPUT_ITEM_BYTES, (index + 1) * OUTPUT_ITEM_BYTES);
    items.push({ pk, sk: { S: TableKeys.outputChunkSort(node, output, hash, index) }, v: { B: part } });
  }
  items.push({
    pk,
    sk: { S: sk },
    enc: { S: Encoding.GZIP },
    chunks: { N: String(count) },
    hash: { S: hash },
    node: { S: node },
    output: { S: output },
  });
  return items;
}

function decodeText(item: TableItem, enc: string, text: string | undefined, bytes: Uint8Array | undefined): unknown {
  if (enc === Encoding.JSON && text !== undefined) return parseJsonAttribute(item, 'v', text);
  if (enc === Encoding.GZIP && bytes !== undefined) {
    return parseJsonAttribute(item, 'v', gunzipSync(bytes).toString('utf8'));
  }
  throw new EventLogError(`output item ${itemLabel(item)} has encoding '${enc}' without a matching value`);
}

/** Decodes an output's main item; a chunked value needs its chunk items read next. */
export function decodeOutputItem(item: TableItem): DecodedOutput {
  const enc = readString(item, 'enc');
  if (enc === Encoding.UNDEFINED) return { kind: 'value', value: undefined };
  if (item.chunks === undefined) {
    return {
      kind: 'value',
      value: decodeText(item, enc, readOptionalString(item, 'v'), readOptionalBinary(item, 'v')),
    };
  }
  const count = readNumber(item, 'chunks');
  const hash = readString(item, 'hash');
  const node = readString(item, 'node');
  const output = readString(item, 'output');
  const pk = readString(item, 'pk');
  const chunkKeys: TableItemKey[] = [];
  for (let index = 0; index < count; index++) {
    chunkKeys.push({ pk, sk: TableKeys.outputChunkSort(node, output, hash, index) });
  }
  return { kind: 'chunked', chunkKeys };
}

/** Re-assembles a chunked value from its main item and the chunk items (any order). */
export function assembleChunkedOutput(main: TableItem, chunks: ReadonlyMap<string, TableItem>): unknown {
  const decoded = decodeOutputItem(main);
  if (decoded.kind === 'value') return decoded.value;
  const parts: Uint8Array[] = [];
  for (const key of decoded.chunkKeys) {
    const chunk = chunks.get(key.sk);
    const bytes = chunk === undefined ? undefined : readOptionalBinary(chunk, 'v');
    if (bytes === undefined) {
      throw new EventLogError(
        `chunk ${key.sk} of output item ${itemLabel(main)} is missing: the op's commit did not finish; re-run the op`,
      );
    }
    parts.push(bytes);
  }
  return decodeText(main, readString(main, 'enc'), undefined, Buffer.concat(parts));
}
