import { describeValue } from '../errors/describe-value.js';
import { MetadataError } from '../errors/metadata-error.js';
import { formatPropertyPath } from '../errors/property-path.js';
import { findJsonProblem } from './json-problem.js';
import { MetadataEntry } from './metadata-entry.js';
import { TableSchema } from './table-schema.js';
import type { TypedMetadata, TypedMetadataValue } from './typed-metadata.js';

/**
 * One metadata value as users write it: a primitive, a plain object/array (stored as
 * JSON), a `MetadataValue.*` entry or a `TableSchema`.
 */
export type MetadataInput =
  | string
  | number
  | boolean
  | null
  | MetadataEntry
  | TableSchema
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** Metadata as users write it: label → value. */
export type RawMetadata = { readonly [label: string]: MetadataInput };

const GENERIC_FIX =
  'Use a string, number, boolean, null, plain object/array or a MetadataValue.* (e.g. MetadataValue.timestamp(date) for a Date).';

/**
 * Converts metadata to its stored (typed) form, as Dagster's `normalize_metadata`:
 * string → text, integer → int, other finite number → float, boolean → bool,
 * array/plain object → json (deep-checked), null → null, `MetadataEntry` as is,
 * `TableSchema` → table_schema. Integers beyond ±2^53−1 are stored as float (JavaScript
 * cannot hold them exactly). Anything else throws a {@link MetadataError} naming the key,
 * `where`, and the fix.
 *
 * @param where What the metadata is attached to, for messages, e.g. `Output "result" of op "load"`.
 * @example
 * normalizeMetadata({ rowCount: 3, source: 'api', ratio: 0.5 }, 'job "sales_job"')
 * // → { rowCount: { type: 'int', value: 3 }, source: { type: 'text', value: 'api' }, ratio: { type: 'float', value: 0.5 } }
 */
export function normalizeMetadata(raw: RawMetadata | undefined, where: string): TypedMetadata {
  if (raw === undefined || raw === null) return {};
  const proto: unknown = typeof raw === 'object' ? Object.getPrototypeOf(raw) : undefined;
  if (Array.isArray(raw) || (proto !== Object.prototype && proto !== null)) {
    throw new MetadataError(
      `metadata of ${where} must be a plain object of label → value, got ${describeValue(raw)}. Write metadata: { label: value }.`,
      { where },
    );
  }
  const typed: TypedMetadata = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    typed[key] = normalizeValue(key, value, where);
  }
  return typed;
}

function normalizeValue(key: string, value: unknown, where: string): TypedMetadataValue {
  if (value instanceof MetadataEntry) return value.toTyped();
  if (value instanceof TableSchema) return { type: 'table_schema', value: value.toData() };
  if (value === null) return { type: 'null', value: null };
  switch (typeof value) {
    case 'string':
      return { type: 'text', value };
    case 'boolean':
      return { type: 'bool', value };
    case 'number':
      if (Number.isSafeInteger(value)) return { type: 'int', value };
      if (Number.isFinite(value)) return { type: 'float', value };
      throw rejected(
        key,
        where,
        describeValue(value),
        'Use null, or MetadataValue.text(String(x)) to keep it as text.',
      );
  }
  if (typeof value === 'object' && (Array.isArray(value) || isPlainObject(value))) {
    const found = findJsonProblem(value);
    if (found) {
      const at = formatPropertyPath(key, found.path);
      throw new MetadataError(
        `metadata key "${key}" of ${where} holds ${found.description} at ${at}, which cannot be stored as JSON. ` +
          (found.hint ?? 'Use only strings, finite numbers, booleans, null, plain objects and arrays inside it.'),
        { key, where },
      );
    }
    return { type: 'json', value: JSON.parse(JSON.stringify(value)) as unknown };
  }
  throw rejected(key, where, describeValue(value), hintFor(value));
}

function rejected(key: string, where: string, description: string, fix: string): MetadataError {
  return new MetadataError(`metadata key "${key}" of ${where} is ${description}, which cannot be stored. ${fix}`, {
    key,
    where,
  });
}

function hintFor(value: unknown): string {
  if (value === undefined) return 'Use null, or leave the key out.';
  if (typeof value === 'bigint') {
    return 'Use MetadataValue.int(Number(x)) if it is a safe integer, or MetadataValue.text(String(x)).';
  }
  if (value instanceof Date) return 'Use MetadataValue.timestamp(date), or date.toISOString() for text.';
  if (value instanceof Map) return 'Use MetadataValue.json(Object.fromEntries(map)).';
  if (value instanceof Set) return 'Use MetadataValue.json([...set]).';
  return GENERIC_FIX;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
