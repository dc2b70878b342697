import { describeValue } from '../errors/describe-value.js';
import { errorMessage } from '../errors/error-message.js';
import { formatPropertyPath } from '../errors/property-path.js';
import { MetadataError } from '../errors/metadata-error.js';
import { ASSET_KEY_HINT, type AssetKeyInput, assetKeyToUserString } from './asset-key.js';
import { findJsonProblem } from './json-problem.js';
import { MetadataEntry } from './metadata-entry.js';
import { TableSchema, type TableColumnOptions } from './table-schema.js';
import type { TableSchemaData, TypedMetadataValue } from './typed-metadata.js';

/** The entry a factory returns for the stored type `T`, e.g. `EntryOf<'int'>`. */
export type EntryOf<T extends TypedMetadataValue['type']> = MetadataEntry<Extract<TypedMetadataValue, { type: T }>>;

/** A table schema as a {@link TableSchema} or as plain `{ columns: [{ name, type? … }] }`. */
export type TableSchemaInput = TableSchema | { columns: readonly TableColumnOptions[] };

/** One row of `MetadataValue.table`: column name → string, finite number, boolean or null. */
export type TableRecordInput = Readonly<Record<string, string | number | boolean | null | undefined>>;

// Numbers past 1e11 as epoch *seconds* are after year 5000: almost surely Date.now() milliseconds.
const MAX_PLAUSIBLE_EPOCH_SECONDS = 1e11;

function fail(factory: string, message: string): never {
  throw new MetadataError(`MetadataValue.${factory} ${message}`);
}

function requireString(factory: string, value: unknown): string {
  if (typeof value !== 'string') fail(factory, `expects a string, got ${describeValue(value)}`);
  return value;
}

function entry<T extends TypedMetadataValue['type']>(
  type: T,
  value: Extract<TypedMetadataValue, { type: T }>['value'],
): EntryOf<T> {
  return new MetadataEntry({ type, value } as Extract<TypedMetadataValue, { type: T }>);
}

function toSchemaData(factory: string, schema: unknown): TableSchemaData {
  if (schema instanceof TableSchema) return schema.toData();
  if (typeof schema !== 'object' || schema === null) {
    fail(factory, `expects a TableSchema or { columns: [...] }, got ${describeValue(schema)}`);
  }
  try {
    return new TableSchema(schema as { columns: readonly TableColumnOptions[] }).toData();
  } catch (error) {
    throw new MetadataError(`MetadataValue.${factory}: ${errorMessage(error)}`, { cause: error });
  }
}

function toRecords(records: unknown): Record<string, string | number | boolean | null>[] {
  if (!Array.isArray(records))
    fail('table', `expects records to be an array of row objects, got ${describeValue(records)}`);
  return records.map((record: unknown, i) => {
    const proto: unknown = typeof record === 'object' && record !== null ? Object.getPrototypeOf(record) : undefined;
    if (proto !== Object.prototype && proto !== null) {
      fail('table', `expects records[${i}] to be a plain object (column → value), got ${describeValue(record)}`);
    }
    const row: Record<string, string | number | boolean | null> = {};
    for (const [column, value] of Object.entries(record as object)) {
      if (value === undefined) continue;
      const scalar =
        value === null ||
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value));
      if (!scalar) {
        fail(
          'table',
          `expects ${formatPropertyPath(`records[${i}]`, [column])} to be a string, finite number, boolean or null, got ${describeValue(value)}. Convert it (e.g. JSON.stringify for nested data).`,
        );
      }
      row[column] = value as string | number | boolean | null;
    }
    return row;
  });
}

/**
 * Typed metadata values, as Dagster's `MetadataValue.*` static API. Each factory validates
 * its argument (throwing a {@link MetadataError} that names the factory) and returns a
 * {@link MetadataEntry}, stored as `{ type, value }`.
 *
 * @example
 * new Output(rows, {
 *   metadata: {
 *     dashboard: MetadataValue.url('https://example.com/sales'),
 *     rowCount: MetadataValue.int(rows.length),
 *     loadedAt: MetadataValue.timestamp(new Date()),
 *   },
 * });
 */
export const MetadataValue = {
  /**
   * Plain text. A raw string is stored the same way.
   * @example MetadataValue.text('Text-based metadata for this event')
   */
  text(value: string): EntryOf<'text'> {
    return entry('text', requireString('text', value));
  },

  /**
   * A whole number; fractional and unsafe (beyond ±2^53−1) numbers are rejected.
   * @example MetadataValue.int(rows.length)
   */
  int(value: number): EntryOf<'int'> {
    if (typeof value !== 'number') fail('int', `expects an integer, got ${describeValue(value)}`);
    if (!Number.isInteger(value)) {
      fail('int', `expects an integer, got ${describeValue(value)}. Use MetadataValue.float for fractional numbers.`);
    }
    if (!Number.isSafeInteger(value)) {
      fail(
        'int',
        `expects a safe integer (at most ±${Number.MAX_SAFE_INTEGER}), got ${describeValue(value)}. Use MetadataValue.float, or MetadataValue.text(String(n)) for exact digits.`,
      );
    }
    return entry('int', value);
  },

  /**
   * A finite number (NaN and ±Infinity cannot be stored).
   * @example MetadataValue.float(0.25)
   */
  float(value: number): EntryOf<'float'> {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(
        'float',
        `expects a finite number, got ${describeValue(value)}. Use MetadataValue.null() or text for NaN/Infinity.`,
      );
    }
    return entry('float', value);
  },

  /**
   * A boolean.
   * @example MetadataValue.bool(true)
   */
  bool(value: boolean): EntryOf<'bool'> {
    if (typeof value !== 'boolean') fail('bool', `expects true or false, got ${describeValue(value)}`);
    return entry('bool', value);
  },

  /**
   * A link, rendered clickable.
   * @example MetadataValue.url('https://example.com/dashboard')
   */
  url(value: string): EntryOf<'url'> {
    return entry('url', requireString('url', value));
  },

  /**
   * A file system or object-store path.
   * @example MetadataValue.path('s3://bucket/sales/2026-11-01.parquet')
   */
  path(value: string): EntryOf<'path'> {
    return entry('path', requireString('path', value));
  },

  /**
   * Any JSON value (object, array, string, finite number, boolean, null), deep-checked
   * and stored as a copy. Raw arrays and plain objects are stored this way too.
   * @example MetadataValue.json({ columns: ['a', 'b'], sample: [[1, 2]] })
   */
  json(value: unknown): EntryOf<'json'> {
    const found = findJsonProblem(value);
    if (found) {
      const at = found.path.length === 0 ? 'is' : `holds, at ${formatPropertyPath('value', found.path)},`;
      fail(
        'json',
        `value ${at} ${found.description}, which is not JSON-serialisable.${found.hint ? ` ${found.hint}` : ''}`,
      );
    }
    return entry('json', JSON.parse(JSON.stringify(value)) as unknown);
  },

  /**
   * Markdown text.
   * @example MetadataValue.md('# Report\n\n| a | b |\n|---|---|\n| 1 | 2 |')
   */
  md(value: string): EntryOf<'md'> {
    return entry('md', requireString('md', value));
  },

  /**
   * A point in time, stored as epoch seconds (fractional). Pass a `Date` or epoch *seconds*
   * (not milliseconds: `Date.now()` is rejected with a hint).
   * @example MetadataValue.timestamp(new Date()) // stored { type: 'timestamp', value: 1793491200.123 }
   */
  timestamp(value: Date | number): EntryOf<'timestamp'> {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (Number.isNaN(ms)) fail('timestamp', 'got an invalid Date (its time is NaN)');
      return entry('timestamp', ms / 1000);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail('timestamp', `expects a Date or finite epoch seconds, got ${describeValue(value)}`);
    }
    if (Math.abs(value) > MAX_PLAUSIBLE_EPOCH_SECONDS) {
      fail(
        'timestamp',
        `expects epoch seconds, got ${value}, which looks like milliseconds. Divide by 1000 or pass a Date.`,
      );
    }
    return entry('timestamp', value);
  },

  /**
   * An explicit null. A raw `null` is stored the same way.
   * @example MetadataValue.null()
   */
  null(): EntryOf<'null'> {
    return entry('null', null);
  },

  /**
   * A table: rows of column → scalar (string, finite number, boolean, null), and optionally
   * its schema. `undefined` cells are left out.
   * @example
   * MetadataValue.table({
   *   records: [{ city: 'Lyon', sales: 3 }],
   *   schema: new TableSchema({ columns: [{ name: 'city' }, { name: 'sales', type: 'int' }] }),
   * })
   */
  table(options: { records: readonly TableRecordInput[]; schema?: TableSchemaInput }): EntryOf<'table'> {
    if (typeof options !== 'object' || options === null) {
      fail('table', `expects { records, schema? }, got ${describeValue(options)}`);
    }
    const records = toRecords(options.records);
    const value: { records: Record<string, unknown>[]; schema?: TableSchemaData } = { records };
    if (options.schema !== undefined) value.schema = toSchemaData('table', options.schema);
    return entry('table', value);
  },

  /**
   * A table schema on its own (e.g. an output's columns). A raw `TableSchema` is stored the same way.
   * @example MetadataValue.tableSchema(new TableSchema({ columns: [{ name: 'id', type: 'int' }] }))
   */
  tableSchema(schema: TableSchemaInput): EntryOf<'table_schema'> {
    return entry('table_schema', toSchemaData('tableSchema', schema));
  },

  /**
   * A reference to an asset, stored as its user string (components joined by `/`).
   * @example MetadataValue.assetKey(['warehouse', 'sales']) // stored { type: 'asset', value: 'warehouse/sales' }
   */
  assetKey(key: AssetKeyInput): EntryOf<'asset'> {
    const userString = assetKeyToUserString(key);
    if (userString === undefined) fail('assetKey', `expects ${ASSET_KEY_HINT}, got ${describeValue(key)}`);
    return entry('asset', userString);
  },

  /**
   * A reference to a job, optionally in a code location.
   * @example MetadataValue.jobName('sales_job')
   */
  jobName(jobName: string, location?: string): EntryOf<'job'> {
    if (typeof jobName !== 'string' || jobName === '') {
      fail('jobName', `expects a non-empty job name, got ${describeValue(jobName)}`);
    }
    if (location !== undefined && typeof location !== 'string') {
      fail('jobName', `expects location to be a string, got ${describeValue(location)}`);
    }
    return entry('job', location === undefined ? { jobName } : { jobName, location });
  },
} as const;
