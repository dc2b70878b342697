/** Built-in classes named as such ("a Date") rather than as "an instance of …". */
const BUILT_IN_CLASSES = new Set([
  'Date',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'RegExp',
  'Promise',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'URL',
  'URLSearchParams',
  'Buffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'String',
  'Number',
  'Boolean',
]);

const MAX_STRING_PREVIEW = 60;

/**
 * Describes a received value for an error message, e.g. `-1`, `"abc"`, `NaN`, `undefined`,
 * `a function`, `a Date`, `an instance of Point`. Never throws, never prints huge values.
 *
 * @example
 * `RetryPolicy.maxRetries must be a non-negative integer, got ${describeValue(-1)}`
 * // → 'RetryPolicy.maxRetries must be a non-negative integer, got -1'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > MAX_STRING_PREVIEW ? `${value.slice(0, MAX_STRING_PREVIEW - 3)}...` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `a bigint (${value}n)`;
    case 'symbol':
      return `a symbol (${value.toString()})`;
    case 'function':
      return 'a function';
    default:
      return describeObject(value as object);
  }
}

function describeObject(value: object): string {
  if (Array.isArray(value)) return 'an array';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'an object';
  if (value instanceof Error) return `an error (${value.name})`;
  const name = constructorName(value);
  if (name === undefined) return 'an object with a custom prototype';
  if (BUILT_IN_CLASSES.has(name)) return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  return `an instance of ${name}`;
}

function constructorName(value: object): string | undefined {
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function') return undefined;
  return ctor.name === '' ? undefined : ctor.name;
}
