import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventLogError } from './event-log-error.js';

/** One item of the event table, in DynamoDB's attribute-value form. */
export type TableItem = Record<string, AttributeValue>;

/** The primary key of one item of the event table. */
export interface TableItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The key attributes of `key`, ready for GetItem/BatchGetItem/DeleteItem. */
export function keyAttributes(key: TableItemKey): TableItem {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

/**
 * An item's size as DynamoDB counts it against its 400 KB limit: each attribute's name plus
 * its value (UTF-8 bytes of a string, bytes of a binary, digits of a number, entries of a map).
 *
 * @example
 * itemBytes({ pk: { S: 'RUN#1' }, n: { N: '42' } }); // 2 + 5 + 1 + 2 = 10
 */
export function itemBytes(item: TableItem): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.N !== undefined) return value.N.length;
  if (value.M !== undefined) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, entry) => sum + 1 + valueBytes(entry), 0);
  return 1;
}

/** `pk/sk` of an item, for error messages. */
export function itemLabel(item: TableItem): string {
  return `${item.pk?.S ?? '?'}/${item.sk?.S ?? '?'}`;
}

function missing(item: TableItem, name: string, kind: string): EventLogError {
  return new EventLogError(
    `item ${itemLabel(item)} has no ${kind} attribute '${name}': it was not written by this version of stepster's event log`,
  );
}

export function readString(item: TableItem, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw missing(item, name, 'string');
  return value;
}

export function readOptionalString(item: TableItem, name: string): string | undefined {
  return item[name]?.S;
}

export function readNumber(item: TableItem, name: string): number {
  const value = item[name]?.N;
  if (value === undefined) throw missing(item, name, 'number');
  return Number(value);
}

export function readOptionalNumber(item: TableItem, name: string): number | undefined {
  const value = item[name]?.N;
  return value === undefined ? undefined : Number(value);
}

export function readOptionalBinary(item: TableItem, name: string): Uint8Array | undefined {
  return item[name]?.B;
}

export function readStringMap(item: TableItem, name: string): Record<string, string> {
  const map = item[name]?.M ?? {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value.S !== undefined) result[key] = value.S;
  }
  return result;
}

/** Parses JSON that this module wrote, naming the item when it is corrupt. */
export function parseJsonAttribute(item: TableItem, name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EventLogError(`attribute '${name}' of item ${itemLabel(item)} is not valid JSON`, { cause: error });
  }
}
