import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EventLogError } from './event-log-error.js';
import {
  itemLabel,
  readNumber,
  readOptionalBinary,
  readOptionalString,
  readString,
  type TableItem,
  type TableItemKey,
} from './item-attributes.js';
import {
  decodeOutputValue,
  type EncodedOutputValue,
  encodeOutputValue,
  OutputValueFormat,
} from './output-value-codec.js';
import type { OutputReference } from './output-reference.js';
import { TableKeys } from './table-keys.js';

/** Largest value bytes kept in one item; DynamoDB's item limit is 400 KB. */
export const OUTPUT_ITEM_BYTES = 350 * 1024;

/**
 * How an output item holds its value: the text format (JSON or devalue's tagged text, see
 * OutputValueFormat) and whether it is gzipped. Items written before devalue was added only
 * use `json`, `gzip` and `undefined`. A reader that predates a value's encoding fails on it
 * by name instead of misreading tagged text as JSON.
 */
const Encoding = {
  JSON: 'json',
  GZIP: 'gzip',
  DEVALUE: 'devalue',
  DEVALUE_GZIP: 'devalue-gzip',
  UNDEFINED: 'undefined',
  /** The value lives with another IO manager; the item holds its `manager` and `uri`. */
  REFERENCE: 'ref',
} as const;

type Encoding = (typeof Encoding)[keyof typeof Encoding];

const INLINE_ENCODING: Readonly<Record<OutputValueFormat, Encoding>> = {
  [OutputValueFormat.JSON]: Encoding.JSON,
  [OutputValueFormat.DEVALUE]: Encoding.DEVALUE,
};
const GZIP_ENCODING: Readonly<Record<OutputValueFormat, Encoding>> = {
  [OutputValueFormat.JSON]: Encoding.GZIP,
  [OutputValueFormat.DEVALUE]: Encoding.DEVALUE_GZIP,
};

/** A decoded output item: the value, the chunk keys still to read, or where another IO manager keeps it. */
export type DecodedOutput =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'reference'; readonly reference: OutputReference }
  | { readonly kind: 'chunked'; readonly chunkKeys: readonly TableItemKey[] };

function encode(node: string, output: string, value: unknown): EncodedOutputValue {
  const encoding = encodeOutputValue(value);
  if (encoding.ok) return encoding.encoded;
  // The op task checks outputs before committing (findUnstorable); this guards other writers.
  const { path, problem } = encoding.unstorable;
  throw new EventLogError(
    `output '${output}' of op '${node}' cannot be stored exactly: ${path === '' ? 'the value' : path} is ${problem}. ` +
      'Return plain data, Date, Map, Set, BigInt, typed arrays or Buffer, or store the value yourself and return a reference',
  );
}

/**
 * Encodes one op output as items: the value inline (JSON, or devalue's tagged text for what
 * JSON would change), gzipped when over {@link OUTPUT_ITEM_BYTES}, and split into chunk items
 * when still too large. Chunk items come first and the main item last, so a writer that stops
 * halfway never leaves a main item pointing at missing chunks of its own content.
 */
export function outputToItems(
  runId: string,
  node: string,
  output: string,
  value: unknown,
  reference?: OutputReference,
): TableItem[] {
  const pk = { S: TableKeys.runPartition(runId) };
  const sk = TableKeys.outputSort(node, output);
  if (reference !== undefined) {
    return [
      {
        pk,
        sk: { S: sk },
        enc: { S: Encoding.REFERENCE },
        manager: { S: reference.manager },
        uri: { S: reference.uri },
      },
    ];
  }
  if (value === undefined) {
    return [{ pk, sk: { S: sk }, enc: { S: Encoding.UNDEFINED } }];
  }
  const { format, text } = encode(node, output, value);
  if (Buffer.byteLength(text) <= OUTPUT_ITEM_BYTES) {
    return [{ pk, sk: { S: sk }, enc: { S: INLINE_ENCODING[format] }, v: { S: text } }];
  }
  const zipped = gzipSync(text);
  const enc = { S: GZIP_ENCODING[format] };
  if (zipped.length <= OUTPUT_ITEM_BYTES) {
    return [{ pk, sk: { S: sk }, enc, v: { B: zipped } }];
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
    enc,
    chunks: { N: String(count) },
    hash: { S: hash },
    node: { S: node },
    output: { S: output },
  });
  return items;
}

function decodeText(item: TableItem, enc: string, text: string | undefined, bytes: Uint8Array | undefined): unknown {
  const inline = enc === Encoding.JSON || enc === Encoding.DEVALUE;
  const zipped = enc === Encoding.GZIP || enc === Encoding.DEVALUE_GZIP;
  const source = inline ? text : zipped && bytes !== undefined ? gunzipSync(bytes).toString('utf8') : undefined;
  if (source === undefined) {
    throw new EventLogError(
      `output item ${itemLabel(item)} has encoding '${enc}' without a matching value: it was not written by this version of stepster's event log`,
    );
  }
  const format =
    enc === Encoding.DEVALUE || enc === Encoding.DEVALUE_GZIP ? OutputValueFormat.DEVALUE : OutputValueFormat.JSON;
  try {
    return decodeOutputValue({ format, text: source });
  } catch (error) {
    throw new EventLogError(`attribute 'v' of item ${itemLabel(item)} is not valid ${format} text`, { cause: error });
  }
}

/** Decodes an output's main item; a chunked value needs its chunk items read next. */
export function decodeOutputItem(item: TableItem): DecodedOutput {
  const enc = readString(item, 'enc');
  if (enc === Encoding.UNDEFINED) return { kind: 'value', value: undefined };
  if (enc === Encoding.REFERENCE) {
    return { kind: 'reference', reference: { manager: readString(item, 'manager'), uri: readString(item, 'uri') } };
  }
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
  if (decoded.kind === 'reference') {
    throw new EventLogError(
      `output item ${itemLabel(main)} holds a reference, not chunks: load it from its IO manager`,
    );
  }
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
